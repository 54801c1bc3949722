#include "loss.hpp"

#include <cmath>

namespace dl {

void softmax_forward(const Mat& logits, Mat& probs) {
    probs.resize(logits.rows(), logits.cols());
    for (int i = 0; i < logits.rows(); ++i) {
        const float max = logits.row(i).maxCoeff();
        probs.row(i) = (logits.row(i).array() - max).exp();
        probs.row(i) /= probs.row(i).sum();
    }
}

float cross_entropy_forward(const Mat& probs, const uint8_t* labels, int* correct) {
    double loss = 0;
    int right = 0;
    for (int i = 0; i < probs.rows(); ++i) {
        // Clamped so that a confident mistake costs a large but finite loss.
        loss -= std::log(std::max(probs(i, labels[i]), 1e-12f));
        right += row_argmax(probs, i) == labels[i];
    }
    if (correct) *correct = right;
    return probs.rows() ? float(loss / probs.rows()) : 0.0f;
}

void softmax_cross_entropy_backward(const Mat& probs, const uint8_t* labels, Mat& dlogits) {
    dlogits = probs;
    for (int i = 0; i < probs.rows(); ++i) dlogits(i, labels[i]) -= 1.0f;
    dlogits /= float(probs.rows());
}

int row_argmax(const Mat& m, int row) {
    Eigen::Index best;
    m.row(row).maxCoeff(&best);
    return int(best);
}

}  // namespace dl
