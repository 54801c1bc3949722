// Kaggle submission text.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "core/submission.hpp"

TEST_CASE("submission: exact text") {
    CHECK(dl::submission_csv({3, 0, 9, 7}) == "ImageId,Label\n1,3\n2,0\n3,9\n4,7\n");
    CHECK(dl::submission_csv({}) == "ImageId,Label\n");
}

TEST_CASE("submission: Kaggle's 28000 test images, ImageId counted from 1") {
    std::vector<uint8_t> labels(28000);
    for (size_t i = 0; i < labels.size(); ++i) labels[i] = uint8_t((i * 7) % 10);
    const std::string s = dl::submission_csv(labels);
    std::string want = "ImageId,Label\n";
    for (size_t i = 0; i < labels.size(); ++i) want += std::to_string(i + 1) + "," + std::to_string(labels[i]) + "\n";
    CHECK(s == want);
    CHECK(s.find("28000,") != std::string::npos);
}
