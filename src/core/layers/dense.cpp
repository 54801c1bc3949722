#include "dense.hpp"

#include <cmath>

namespace dl {

void dense_forward(const Mat& x, const Mat& w, const RowVec& b, Mat& y) {
    y.noalias() = x * w;
    y.rowwise() += b;
}

void dense_backward(const Mat& x, const Mat& w, const Mat& dy, Mat& dw, RowVec& db, Mat* dx) {
    dw.noalias() = x.transpose() * dy;
    db = dy.colwise().sum();
    if (dx) dx->noalias() = dy * w.transpose();
}

void dense_init(Mat& w, RowVec& b, int in, int out, Rng& rng) {
    const float limit = std::sqrt(6.0f / float(in + out));
    w.resize(in, out);
    for (int i = 0; i < w.size(); ++i) w.data()[i] = (2.0f * rng.uniform() - 1.0f) * limit;
    b = RowVec::Zero(out);
}

}  // namespace dl
