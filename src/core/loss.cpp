#include "loss.hpp"

#include <algorithm>
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

namespace {
// Clamped so that a confident mistake costs a large but finite loss.
double log_prob(const Mat& probs, int row, int k) { return double(std::log(std::max(probs(row, k), 1e-12f))); }
}  // namespace

void smoothed_targets(const uint8_t* labels, int count, float smoothing, Mat& targets) {
    targets.setConstant(count, kClasses, smoothing / float(kClasses));
    for (int i = 0; i < count; ++i) targets(i, labels[i]) += 1.0f - smoothing;
}

float cross_entropy_forward(const Mat& probs, const uint8_t* labels, int* correct) {
    Mat targets;
    smoothed_targets(labels, int(probs.rows()), 0, targets);
    return soft_cross_entropy_forward(probs, targets, labels, correct);
}

void softmax_cross_entropy_backward(const Mat& probs, const uint8_t* labels, Mat& dlogits) {
    Mat targets;
    smoothed_targets(labels, int(probs.rows()), 0, targets);
    softmax_soft_cross_entropy_backward(probs, targets, dlogits);
}

float soft_cross_entropy_forward(const Mat& probs, const Mat& targets, const uint8_t* labels, int* correct) {
    double loss = 0;
    int right = 0;
    for (int i = 0; i < probs.rows(); ++i) {
        for (int k = 0; k < probs.cols(); ++k) loss -= double(targets(i, k)) * log_prob(probs, i, k);
        right += row_argmax(probs, i) == labels[i];
    }
    if (correct) *correct = right;
    return probs.rows() ? float(loss / probs.rows()) : 0.0f;
}

void softmax_soft_cross_entropy_backward(const Mat& probs, const Mat& targets, Mat& dlogits) {
    dlogits = (probs - targets) / float(probs.rows());
}

int row_argmax(const Mat& m, int row) {
    Eigen::Index best;
    m.row(row).maxCoeff(&best);
    return int(best);
}

const char* loss_kind_name(LossKind kind) {
    switch (kind) {
        case LossKind::CrossEntropy: return "categorical cross-entropy";
        case LossKind::MeanAbsoluteError: return "mean absolute error";
        case LossKind::BinaryCrossEntropy: return "binary cross-entropy";
    }
    return "?";
}

namespace {
constexpr float kProbClamp = 1e-7f;  // Keras' epsilon: keeps log(p) and log(1 - p) finite
}

float loss_forward(LossKind kind, const Mat& probs, const uint8_t* labels, int* correct) {
    if (kind == LossKind::CrossEntropy) return cross_entropy_forward(probs, labels, correct);
    double loss = 0;
    int right = 0;
    for (int i = 0; i < probs.rows(); ++i) {
        for (int k = 0; k < probs.cols(); ++k) {
            const float t = k == labels[i] ? 1.0f : 0.0f;
            const float p = std::clamp(probs(i, k), kProbClamp, 1.0f - kProbClamp);
            loss += kind == LossKind::MeanAbsoluteError ? std::fabs(probs(i, k) - t)
                                                        : -(t * std::log(p) + (1 - t) * std::log(1 - p));
        }
        right += row_argmax(probs, i) == labels[i];
    }
    if (correct) *correct = right;
    return probs.rows() ? float(loss / (double(probs.rows()) * probs.cols())) : 0.0f;
}

void loss_backward(LossKind kind, const Mat& probs, const uint8_t* labels, Mat& dlogits) {
    if (kind == LossKind::CrossEntropy) return softmax_cross_entropy_backward(probs, labels, dlogits);
    // g = dL/dp, then dL/dz = p * (g - sum(g * p)) row by row (the softmax Jacobian).
    const float scale = 1.0f / (float(probs.rows()) * probs.cols());
    Mat g(probs.rows(), probs.cols());
    for (int i = 0; i < probs.rows(); ++i)
        for (int k = 0; k < probs.cols(); ++k) {
            const float t = k == labels[i] ? 1.0f : 0.0f;
            const float p = probs(i, k);
            if (kind == LossKind::MeanAbsoluteError) {
                g(i, k) = scale * (p > t ? 1.0f : p < t ? -1.0f : 0.0f);
            } else {
                const bool clamped = p < kProbClamp || p > 1.0f - kProbClamp;
                g(i, k) = clamped ? 0.0f : scale * (p - t) / (p * (1 - p));
            }
        }
    dlogits = probs.array() * (g - (g.cwiseProduct(probs).rowwise().sum()).replicate(1, probs.cols())).array();
}

}  // namespace dl
