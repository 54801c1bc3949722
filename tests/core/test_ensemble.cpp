// Ensembles: the averaged probabilities against each member's own, members of different architectures, the
// test-time augmentation option, labels, and what is refused (no members, a bad member file).
#include <doctest/doctest.h>

#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/ensemble.hpp"
#include "core/loss.hpp"
#include "core/model_file.hpp"
#include "core/trainer.hpp"
#include "test_util.hpp"

using dl::Activation;
using dl::Mat;

namespace {

Mat images(int batch) {
    dl::Rng rng(5);
    return dltest::random_mat(batch, dl::kImageSize, rng, 0.f, 1.f);
}

dl::Model mlp(uint64_t seed) { return dl::model_create(dl::mlp_layers({32}, Activation::Relu, 0.f), seed); }

Mat probs_of(dl::Model model, const Mat& x, bool tta = false) {
    Mat probs;
    if (tta)
        dl::model_predict_tta(model, x, probs);
    else
        dl::model_predict(model, x, probs);
    return probs;
}

void check_close(const Mat& a, const Mat& b) {
    REQUIRE(a.rows() == b.rows());
    REQUIRE(a.cols() == b.cols());
    for (int i = 0; i < a.rows(); ++i)
        for (int c = 0; c < a.cols(); ++c) CHECK(a(i, c) == doctest::Approx(b(i, c)).epsilon(1e-5));
}

}  // namespace

TEST_CASE("an ensemble of one model gives that model's probabilities") {
    const Mat x = images(6);
    const dl::Model model = mlp(1);
    dl::Ensemble e{{model}};
    Mat probs;
    dl::ensemble_predict(e, x, probs);
    check_close(probs, probs_of(model, x));
}

TEST_CASE("an ensemble of two models gives the mean of their probabilities") {
    const Mat x = images(6);
    const dl::Model a = mlp(1), b = mlp(2);
    const Mat pa = probs_of(a, x), pb = probs_of(b, x);
    REQUIRE((pa - pb).cwiseAbs().maxCoeff() > 1e-3f);  // two seeds, two different models
    dl::Ensemble e{{a, b}};
    Mat probs;
    dl::ensemble_predict(e, x, probs);
    check_close(probs, (pa + pb) / 2.f);
    for (int i = 0; i < probs.rows(); ++i) CHECK(probs.row(i).sum() == doctest::Approx(1.0).epsilon(1e-5));
}

TEST_CASE("ensemble members may have different architectures") {
    const Mat x = images(3);
    const dl::Model a = mlp(3), b = dl::model_create(dl::cnn_layers(0.f), 4);
    dl::Ensemble e{{a, b}};
    Mat probs;
    dl::ensemble_predict(e, x, probs);
    check_close(probs, (probs_of(a, x) + probs_of(b, x)) / 2.f);
}

TEST_CASE("with test-time augmentation, an ensemble averages each member's augmented probabilities") {
    const Mat x = images(3);
    const dl::Model a = mlp(5), b = mlp(6);
    dl::Ensemble e{{a, b}};
    Mat probs;
    dl::ensemble_predict(e, x, probs, true);
    const Mat plain = (probs_of(a, x) + probs_of(b, x)) / 2.f;
    CHECK((probs - plain).cwiseAbs().maxCoeff() > 1e-4f);  // the option changes something
    check_close(probs, (probs_of(a, x, true) + probs_of(b, x, true)) / 2.f);
}

TEST_CASE("ensemble_predict_labels labels each row by the averaged probabilities") {
    dl::Dataset data;
    data.rows = 300;  // more than one batch
    dl::Rng rng(9);
    for (int i = 0; i < data.rows * dl::kImageSize; ++i) data.pixels.push_back(uint8_t(rng.uniform() * 255));
    dl::Ensemble e{{mlp(7), mlp(8)}};
    std::vector<dl::Ensemble> one{e};
    std::vector<uint8_t> labels(size_t(data.rows), 255);
    dl::ensemble_predict_labels(one, data, 10, data.rows, labels.data());
    CHECK(labels[9] == 255);  // outside the range: untouched
    // Spread over threads (three copies on a pool of two, batches of 7 rows): the same labels.
    dl::ThreadPool pool(2);
    std::vector<dl::Ensemble> three(3, e);
    std::vector<uint8_t> spread(size_t(data.rows), 255);
    dl::ensemble_predict_labels(three, data, 10, data.rows, spread.data(), false, &pool, 0, 7);
    CHECK(spread == labels);
    std::vector<int> rows;
    for (int r = 10; r < data.rows; ++r) rows.push_back(r);
    Mat x, probs;
    dl::dataset_gather(data, rows.data(), int(rows.size()), x);
    dl::ensemble_predict(e, x, probs);
    for (int i = 0; i < int(rows.size()); ++i) CHECK(labels[size_t(rows[i])] == dl::row_argmax(probs, i));
    CHECK(std::set<uint8_t>(labels.begin() + 10, labels.end()).size() > 1);  // so a mixed-up row would show
}

TEST_CASE("ensemble_dataset_probs gives every row's averaged probabilities, in order, across batches") {
    dl::Dataset data;
    data.rows = 300;  // more than two batches of kEvalBatch, the last one short
    dl::Rng rng(10);
    for (int i = 0; i < data.rows * dl::kImageSize; ++i) data.pixels.push_back(uint8_t(rng.uniform() * 255));
    dl::Ensemble e{{mlp(7), mlp(8)}};
    Mat all, x, probs;
    dl::ensemble_dataset_probs(e, data, all, true);
    std::vector<int> rows(size_t(data.rows));
    for (int r = 0; r < data.rows; ++r) rows[size_t(r)] = r;
    dl::dataset_gather(data, rows.data(), data.rows, x);
    dl::ensemble_predict(e, x, probs, true);
    check_close(all, probs);
}

TEST_CASE("an empty ensemble is refused") {
    dl::Ensemble e;
    std::string problem;
    CHECK_FALSE(dl::ensemble_read(std::vector<std::vector<uint8_t>>{}, e, problem));
    CHECK(problem.find("at least one model") != std::string::npos);
    Mat probs;
    CHECK_THROWS_AS(dl::ensemble_predict(e, images(1), probs), std::invalid_argument);
}

TEST_CASE("ensemble_read reads each member's file and names a bad one, changing nothing") {
    const std::vector<uint8_t> a = dl::model_file_write(mlp(1)), b = dl::model_file_write(mlp(2));
    const std::string_view fa((const char*)a.data(), a.size()), fb((const char*)b.data(), b.size());
    dl::Ensemble e;
    std::string problem;
    REQUIRE(dl::ensemble_read({fa, fb}, e, problem));
    REQUIRE(e.members.size() == 2);
    const Mat x = images(2);
    check_close(probs_of(e.members[1], x), probs_of(mlp(2), x));

    const std::string_view truncated = fb.substr(0, fb.size() / 2);
    CHECK_FALSE(dl::ensemble_read({fa, truncated}, e, problem));
    CHECK(problem.find("model 2 of 2") == 0);
    CHECK(e.members.size() == 2);
}
