#include "zero_padding.hpp"

#include <algorithm>

namespace dl {

namespace {
// Offset of input pixel row `y` in the padded image.
int padded_row(Shape in, int pad, int y) { return ((y + pad) * (in.w + 2 * pad) + pad) * in.c; }
}  // namespace

void zero_padding_forward(const Mat& x, Shape in, int pad, Mat& y) {
    y = Mat::Zero(x.rows(), (in.h + 2 * pad) * (in.w + 2 * pad) * in.c);
    const int row = in.w * in.c;
    for (int img = 0; img < x.rows(); ++img)
        for (int r = 0; r < in.h; ++r)
            std::copy_n(x.row(img).data() + r * row, row, y.row(img).data() + padded_row(in, pad, r));
}

void zero_padding_backward(const Mat& dy, Shape in, int pad, Mat& dx) {
    dx.resize(dy.rows(), in.size());
    const int row = in.w * in.c;
    for (int img = 0; img < dy.rows(); ++img)
        for (int r = 0; r < in.h; ++r)
            std::copy_n(dy.row(img).data() + padded_row(in, pad, r), row, dx.row(img).data() + r * row);
}

}  // namespace dl
