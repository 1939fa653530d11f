#include "mpi_job.hpp"

#include <cstdlib>
#include <limits>
#include <stdexcept>
#include <vector>

#include "cli_support.hpp"
#include "command.hpp"

#if NEGSIM_WITH_MPI
// The C interface only: Open MPI's deprecated C++ bindings warn under -Wextra.
#define OMPI_SKIP_MPICXX 1
#define MPICH_SKIP_MPICXX 1
#include <mpi.h>
#endif

namespace negsim::cli {
namespace {

// The number of processes a launcher started, from its environment: Open
// MPI's mpirun, or a PMI launcher (MPICH's, Slurm's srun). 0 when none did.
int launched_size() {
  for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_SIZE"})
    if (const char* value = std::getenv(name)) return std::atoi(value);
  return std::getenv("PMIX_RANK") ? 1 : 0;
}

}  // namespace

bool MpiJob::launched() {
  return launched_size() > 0;
}

MpiJob& MpiJob::get() {
  static MpiJob job;
  return job;
}

const MpiJob* MpiJob::shared() {
  if (!launched()) return nullptr;
  const MpiJob& job = get();
  return job.spread() ? &job : nullptr;
}

Tally MpiJob::merged(Tally mine) const {
  auto root = merge_to_root(std::move(mine));
  const std::string bytes = broadcast(root ? root->encode() : std::string());
  return root ? std::move(*root) : Tally::decode(bytes);
}

#if NEGSIM_WITH_MPI

namespace {

constexpr int kSizeTag = 1, kBytesTag = 2;

void send_bytes(const std::string& bytes, int to) {
  const std::uint64_t size = bytes.size();
  if (size > static_cast<std::uint64_t>(std::numeric_limits<int>::max()))
    throw std::runtime_error("a tally of more than 2 GB cannot be sent between ranks");
  MPI_Send(&size, 1, MPI_UINT64_T, to, kSizeTag, MPI_COMM_WORLD);
  MPI_Send(bytes.data(), static_cast<int>(size), MPI_BYTE, to, kBytesTag, MPI_COMM_WORLD);
}

std::string receive_bytes(int from) {
  std::uint64_t size = 0;
  MPI_Recv(&size, 1, MPI_UINT64_T, from, kSizeTag, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
  std::string bytes(size, '\0');
  MPI_Recv(bytes.data(), static_cast<int>(size), MPI_BYTE, from, kBytesTag, MPI_COMM_WORLD,
           MPI_STATUS_IGNORE);
  return bytes;
}

}  // namespace

MpiJob::MpiJob() {
  if (!launched()) return;
  // Only the main thread calls MPI; oneTBB's workers never do.
  int provided = 0;
  MPI_Init_thread(nullptr, nullptr, MPI_THREAD_FUNNELED, &provided);
  joined_ = true;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
  MPI_Comm_size(MPI_COMM_WORLD, &size_);
}

MpiJob::~MpiJob() {
  if (joined_) MPI_Finalize();
}

void MpiJob::sum(std::vector<std::uint64_t>& counts) const {
  if (!spread()) return;
  MPI_Allreduce(MPI_IN_PLACE, counts.data(), static_cast<int>(counts.size()), MPI_UINT64_T, MPI_SUM,
                MPI_COMM_WORLD);
}

int MpiJob::broadcast(int code) const {
  if (spread()) MPI_Bcast(&code, 1, MPI_INT, 0, MPI_COMM_WORLD);
  return code;
}

std::optional<int> MpiJob::first_failing(bool ok) const {
  int lowest = ok ? size_ : rank_;
  if (spread()) MPI_Allreduce(MPI_IN_PLACE, &lowest, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD);
  if (lowest == size_) return std::nullopt;
  return lowest;
}

std::string MpiJob::broadcast(const std::string& text) const {
  if (!spread()) return text;
  std::uint64_t size = text.size();
  MPI_Bcast(&size, 1, MPI_UINT64_T, 0, MPI_COMM_WORLD);
  std::string out = root() ? text : std::string(size, '\0');
  MPI_Bcast(out.data(), static_cast<int>(size), MPI_BYTE, 0, MPI_COMM_WORLD);
  return out;
}

std::string MpiJob::joined(const std::string& mine) const {
  if (!spread()) return mine;
  std::vector<std::uint64_t> sizes(static_cast<std::size_t>(size_));
  const std::uint64_t own = mine.size();
  MPI_Allgather(&own, 1, MPI_UINT64_T, sizes.data(), 1, MPI_UINT64_T, MPI_COMM_WORLD);
  std::vector<int> counts, offsets;
  std::uint64_t total = 0;
  for (const std::uint64_t n : sizes) {
    if (total + n > static_cast<std::uint64_t>(std::numeric_limits<int>::max()))
      throw std::runtime_error("more than 2 GB of results cannot be joined between ranks");
    counts.push_back(static_cast<int>(n));
    offsets.push_back(static_cast<int>(total));
    total += n;
  }
  std::string all(total, '\0');
  MPI_Allgatherv(mine.data(), static_cast<int>(own), MPI_BYTE, all.data(), counts.data(),
                 offsets.data(), MPI_BYTE, MPI_COMM_WORLD);
  return all;
}

std::optional<Tally> MpiJob::merge_to_root(Tally mine) const {
  for (int step = 1; step < size_; step *= 2) {
    if (rank_ % (2 * step) == step) {
      send_bytes(mine.encode(), rank_ - step);
      return std::nullopt;
    }
    if (rank_ + step < size_) mine.merge(Tally::decode(receive_bytes(rank_ + step)));
  }
  return mine;
}

void MpiJob::abort(int code) const {
  MPI_Abort(MPI_COMM_WORLD, code);
  std::_Exit(code);
}

#else  // a build without MPI: a job of one

MpiJob::MpiJob() {
  if (launched_size() > 1) {
    say(Severity::error,
        "this negsim was built without MPI (NEGSIM_MPI=OFF or no MPI found), so under mpirun "
        "every process would run the whole work and write the same files; rebuild with MPI "
        "(docs/cluster.md) or use --shard K/N");
    throw Exit{kExitBadInput};
  }
}

MpiJob::~MpiJob() = default;
void MpiJob::sum(std::vector<std::uint64_t>&) const {}
int MpiJob::broadcast(int code) const {
  return code;
}
std::optional<int> MpiJob::first_failing(bool ok) const {
  return ok ? std::nullopt : std::optional<int>(0);
}
std::string MpiJob::broadcast(const std::string& text) const {
  return text;
}
std::string MpiJob::joined(const std::string& mine) const {
  return mine;
}
std::optional<Tally> MpiJob::merge_to_root(Tally mine) const {
  return mine;
}
void MpiJob::abort(int code) const {
  std::_Exit(code);
}

#endif

}  // namespace negsim::cli
