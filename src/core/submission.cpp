#include "submission.hpp"

namespace dl {

std::string submission_csv(const std::vector<uint8_t>& labels) {
    std::string out = "ImageId,Label\n";
    out.reserve(out.size() + labels.size() * 9);
    for (size_t i = 0; i < labels.size(); ++i) {
        out += std::to_string(i + 1);
        out += ',';
        out += char('0' + labels[i]);
        out += '\n';
    }
    return out;
}

}  // namespace dl
