#include "dense.hpp"

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

void dense_init(Mat& w, RowVec& b, int in, int out, Rng& rng, Init init) {
    w.resize(in, out);
    weights_init(w, in, out, init, rng);
    b = RowVec::Zero(out);
}

}  // namespace dl
