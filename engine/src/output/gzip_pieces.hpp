#pragma once
// One gzip file made of pieces compressed apart, possibly on other threads
// (internal to the output layer), as pigz does: each piece is a raw deflate
// stream flushed to a byte boundary and not ended, so pieces join into one
// deflate stream; the file is the gzip header, the pieces in order, an empty
// final block and the trailer (CRC-32 combined from the pieces' own, length).
// A piece depends only on its own text, so the file is the same bytes
// whichever thread compressed which piece.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace negsim::detail {

struct GzipPiece {
  std::string bytes;  // raw deflate, byte-aligned, no final block
  std::uint32_t crc = 0;
  std::uint64_t length = 0;  // of the text before compression
};

// Compresses a piece's text as it comes, so that the text need not be held
// whole: start(), append() it in parts, then finish(); and again for the
// next piece (a writer is reusable: its state is allocated once). Level 1 (zlib's fastest):
// compression is most of the cost of writing the file, and the higher
// levels gain little on rows of numbers. Throws std::runtime_error when zlib
// fails. Its state takes about 270 KB.
class GzipPieceWriter {
 public:
  GzipPieceWriter();
  ~GzipPieceWriter();
  GzipPieceWriter(const GzipPieceWriter&) = delete;
  GzipPieceWriter& operator=(const GzipPieceWriter&) = delete;

  // A new piece whose bytes go into `buffer` (emptied; its room is reused).
  void start(std::string buffer = {});
  void append(std::string_view text);
  GzipPiece finish();

 private:
  void deflate_into(std::string_view text, int flush);
  struct Stream;
  std::unique_ptr<Stream> z_;
  GzipPiece piece_;
};

// Compresses `text` into a piece at once.
GzipPiece gzip_piece(std::string_view text);

// Joins the pieces of one file as they come, in order.
class GzipJoin {
 public:
  // The gzip header, to write first.
  static std::string header();
  // Counts `piece` into the trailer; its bytes are written by the caller.
  void add(const GzipPiece& piece);
  // The empty final block and the trailer, to write last.
  std::string trailer() const;

 private:
  std::uint32_t crc_ = 0;
  std::uint64_t length_ = 0;
};

}  // namespace negsim::detail
