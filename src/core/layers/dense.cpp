#include "dense.hpp"

#include "product.hpp"

namespace dl {

void dense_forward(const Mat& x, const Mat& w, const RowVec& b, Mat& y) {
    product(x, w, y);
    y.rowwise() += b;
}

void dense_backward(const Mat& x, const Mat& w, const Mat& dy, Mat& dw, RowVec& db, Mat* dx) {
    product_at(x, dy, dw);
    db = dy.colwise().sum();
    if (dx) dx->noalias() = dy * w.transpose();
}

void dense_init(Mat& w, RowVec& b, int in, int out, Rng& rng, Init init) {
    w.resize(in, out);
    weights_init(w, in, out, init, rng);
    b = RowVec::Zero(out);
}

}  // namespace dl
