#pragma once
// ThreadSanitizer cannot see oneTBB's own synchronisation: the distribution's
// libtbb is not instrumented, so every hand-over from the thread that starts a
// parallel_for to the bodies, and from the bodies back, looks like a race.
// The annotations here state exactly the guarantees oneTBB gives — a body (or
// a copy of it) is made before it runs; everything before parallel_for
// happens before each body; each body happens before parallel_for returns —
// so the sanitizer still finds real races between bodies running at the same
// time. Outside ThreadSanitizer builds everything here compiles to nothing.
// (tests/tsan.supp covers what is left inside TBB's own code.)

#if defined(NEGSIM_TSAN)
#include <sanitizer/tsan_interface.h>
#endif

namespace negsim::detail {

inline char hand_over_tag;  // never read or written: only its address is used

// What this thread did so far happens before any later hand_over_acquire().
inline void hand_over_release() {
#if defined(NEGSIM_TSAN)
  __tsan_release(&hand_over_tag);
#endif
}

inline void hand_over_acquire() {
#if defined(NEGSIM_TSAN)
  __tsan_acquire(&hand_over_tag);
#endif
}

// A parallel_for body whose creation, copies (made by oneTBB when it splits
// the range) and runs are ordered for ThreadSanitizer. The thread that starts
// the parallel_for calls hand_over_acquire() after it returns.
template <class Body>
class HandedOver {
 public:
  explicit HandedOver(const Body& body) : body_(body) { hand_over_release(); }
  HandedOver(const HandedOver& other) : body_((hand_over_acquire(), other.body_)) {
    hand_over_release();
  }
  HandedOver& operator=(const HandedOver&) = delete;

  template <class Range>
  void operator()(const Range& range) const {
    hand_over_acquire();
    body_(range);
    hand_over_release();
  }

 private:
  Body body_;
};

}  // namespace negsim::detail
