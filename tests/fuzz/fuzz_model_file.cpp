// libFuzzer target: dl::model_file_read on arbitrary bytes (run by tools/test, preset `fuzz`).
// The seeds (tests/fuzz/model_file/) are real model files written by the core. A mutated file almost never
// keeps a valid CRC-32, which would stop the reader at the checksum, so each input is read twice: as it is,
// and with its last 4 bytes replaced by the right checksum, which lets mutations reach the layer list and
// the weights. Checked:
//   - no crash, leak, hang, huge allocation or undefined behaviour (ASan + UBSan, -rss_limit_mb);
//   - a rejected file has a message and leaves the target model as it was;
//   - an accepted file gives a model that runs a forward pass (10 logits per image) and can be written and
//     read back.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "core/bytes.hpp"
#include "core/model_file.hpp"

namespace {

void check(bool condition, const char* what) {
    if (condition) return;
    std::fprintf(stderr, "invariant violated: %s\n", what);
    std::abort();
}

void read_and_run(const uint8_t* data, size_t size) {
    dl::Model model;
    std::string error;
    if (!dl::model_file_read(data, size, model, error)) {
        check(!error.empty(), "a rejected model file without a message");
        check(model.layers.empty(), "a rejected model file changed the model");
        return;
    }
    // Two images: blank paper and a full square of ink, the extremes of the [0, 1] input.
    dl::Mat x = dl::Mat::Zero(2, dl::kImageSize);
    x.row(1).setOnes();
    dl::Rng rng(1);
    const dl::Mat& logits = dl::model_forward(model, x, false, rng);
    check(logits.rows() == 2 && logits.cols() == dl::kClasses, "the forward pass does not give 2 x 10 logits");

    const std::vector<uint8_t> again = dl::model_file_write(model);
    dl::Model reread;
    check(dl::model_file_read(again.data(), again.size(), reread, error), "a loaded model cannot be saved and reloaded");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    read_and_run(data, size);
    if (size >= 4) {
        std::vector<uint8_t> sealed(data, data + size);
        const uint32_t crc = dl::crc32(sealed.data(), size - 4);
        for (int i = 0; i < 4; ++i) sealed[size - 4 + i] = uint8_t(crc >> (8 * i));
        read_and_run(sealed.data(), size);
    }
    return 0;
}
