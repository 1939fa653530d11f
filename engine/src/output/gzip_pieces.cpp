#include "gzip_pieces.hpp"

#include <zlib.h>

#include <algorithm>
#include <stdexcept>

namespace negsim::detail {

struct GzipPieceWriter::Stream {
  z_stream z{};
};

namespace {

void put_le32(std::string& out, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) out += static_cast<char>((v >> (8 * i)) & 0xFF);
}

}  // namespace

GzipPieceWriter::GzipPieceWriter() : z_(std::make_unique<Stream>()) {
  // -15: raw deflate (no zlib header), 32 KB window.
  if (deflateInit2(&z_->z, Z_BEST_SPEED, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
    z_.reset();
    throw std::runtime_error("cannot start zlib compression");
  }
  start();
}

void GzipPieceWriter::start(std::string buffer) {
  if (deflateReset(&z_->z) != Z_OK) throw std::runtime_error("cannot reset zlib compression");
  piece_.bytes = std::move(buffer);
  piece_.bytes.clear();
  piece_.crc = static_cast<std::uint32_t>(crc32(0, nullptr, 0));
  piece_.length = 0;
}

GzipPieceWriter::~GzipPieceWriter() {
  if (z_) deflateEnd(&z_->z);
}

void GzipPieceWriter::deflate_into(std::string_view text, int flush) {
  z_stream& z = z_->z;
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
  z.avail_in = static_cast<uInt>(text.size());
  std::string& out = piece_.bytes;
  // A full output buffer may leave input unread or the flush incomplete: go
  // on with more room until neither is the case.
  for (;;) {
    const std::size_t used = out.size();
    const std::size_t room = std::max<std::size_t>(deflateBound(&z, z.avail_in) + 16, 1 << 14);
    out.resize(used + room);
    z.next_out = reinterpret_cast<Bytef*>(out.data() + used);
    z.avail_out = static_cast<uInt>(room);
    const int rc = deflate(&z, flush);
    out.resize(out.size() - z.avail_out);
    if (rc != Z_OK && rc != Z_BUF_ERROR) throw std::runtime_error("zlib compression failed");
    if (z.avail_out != 0 && z.avail_in == 0) break;
  }
}

void GzipPieceWriter::append(std::string_view text) {
  if (text.empty()) return;
  deflate_into(text, Z_NO_FLUSH);
  piece_.crc = static_cast<std::uint32_t>(crc32(
      piece_.crc, reinterpret_cast<const Bytef*>(text.data()), static_cast<uInt>(text.size())));
  piece_.length += text.size();
}

GzipPiece GzipPieceWriter::finish() {
  // Z_SYNC_FLUSH ends on a byte boundary without a final block, so the
  // next piece's blocks can follow.
  deflate_into({}, Z_SYNC_FLUSH);
  GzipPiece piece = std::move(piece_);
  piece_ = GzipPiece{};
  return piece;
}

GzipPiece gzip_piece(std::string_view text) {
  GzipPieceWriter writer;
  writer.append(text);
  return writer.finish();
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
