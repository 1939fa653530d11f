#include "gzip_pieces.hpp"

#include <zlib.h>

#include <stdexcept>

namespace negsim::detail {

namespace {

// One deflate state per thread, reset between pieces: its buffers (about
// 270 KB) are allocated once per thread rather than once per piece.
class Deflater {
 public:
  Deflater() {
    // -15: raw deflate (no zlib header), 32 KB window; level 6 as gzip's default.
    if (deflateInit2(&z_, Z_DEFAULT_COMPRESSION, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) != Z_OK)
      throw std::runtime_error("cannot start zlib compression");
  }
  ~Deflater() { deflateEnd(&z_); }
  Deflater(const Deflater&) = delete;
  Deflater& operator=(const Deflater&) = delete;

  std::string compress(std::string_view text) {
    if (deflateReset(&z_) != Z_OK) throw std::runtime_error("cannot reset zlib compression");
    z_.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
    z_.avail_in = static_cast<uInt>(text.size());
    std::string out(deflateBound(&z_, static_cast<uLong>(text.size())) + 16, '\0');
    std::size_t used = 0;
    // Z_SYNC_FLUSH ends on a byte boundary without a final block, so the
    // next piece's blocks can follow. A full output buffer means the flush
    // may not be complete: go on with more room.
    for (;;) {
      z_.next_out = reinterpret_cast<Bytef*>(out.data() + used);
      z_.avail_out = static_cast<uInt>(out.size() - used);
      const int rc = deflate(&z_, Z_SYNC_FLUSH);
      if (rc != Z_OK && rc != Z_BUF_ERROR) throw std::runtime_error("zlib compression failed");
      used = out.size() - z_.avail_out;
      if (z_.avail_out != 0 && z_.avail_in == 0) break;
      out.resize(out.size() * 2);
    }
    out.resize(used);
    return out;
  }

 private:
  z_stream z_{};
};

void put_le32(std::string& out, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) out += static_cast<char>((v >> (8 * i)) & 0xFF);
}

}  // namespace

GzipPiece gzip_piece(std::string_view text) {
  thread_local Deflater deflater;
  GzipPiece piece;
  piece.bytes = deflater.compress(text);
  piece.crc = static_cast<std::uint32_t>(crc32(crc32(0, nullptr, 0),
                                               reinterpret_cast<const Bytef*>(text.data()),
                                               static_cast<uInt>(text.size())));
  piece.length = text.size();
  return piece;
}

std::string GzipJoin::header() {
  // ID1 ID2, deflate, no flags, modification time 0 (so that the same rows
  // give the same bytes), no extra flags, OS unknown (RFC 1952).
  return std::string("\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff", 10);
}

void GzipJoin::add(const GzipPiece& piece) {
  crc_ = static_cast<std::uint32_t>(
      crc32_combine(crc_, piece.crc, static_cast<z_off_t>(piece.length)));
  length_ += piece.length;
}

std::string GzipJoin::trailer() const {
  // A final fixed-Huffman block holding only its end code: bits 1, 01, then
  // seven zero bits (RFC 1951 3.2.6), the two bytes zlib writes for an empty Z_FINISH.
  std::string out("\x03\x00", 2);
  put_le32(out, crc_);
  put_le32(out, static_cast<std::uint32_t>(length_ & 0xFFFFFFFFu));  // ISIZE: length mod 2^32
  return out;
}

}  // namespace negsim::detail
