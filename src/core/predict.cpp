#include "predict.hpp"

#include <algorithm>
#include <iterator>

#include "augment.hpp"

namespace dl {

Evaluation models_evaluate(const std::vector<Model*>& models, ThreadPool* pool, int threads, const Dataset& data,
                           const std::vector<int>& rows, LossKind loss_kind, std::vector<float>* probs_out) {
    if (probs_out) probs_out->resize(rows.size() * kClasses);
    const int batches = int((rows.size() + kEvalBatch - 1) / kEvalBatch);
    std::vector<double> batch_loss(size_t(batches), 0.0);
    std::vector<int> batch_correct(size_t(batches), 0);
    auto model_run = [&](int m) {
        Mat x, probs;
        std::vector<uint8_t> labels;
        for (int b = m; b < batches; b += int(models.size())) {
            const size_t start = size_t(b) * kEvalBatch;
            const int n = int(std::min<size_t>(kEvalBatch, rows.size() - start));
            dataset_gather(data, rows.data() + start, n, x);
            labels.resize(n);
            for (int i = 0; i < n; ++i) labels[i] = data.labels[rows[start + i]];
            model_predict(*models[m], x, probs);
            if (probs_out) std::copy(probs.data(), probs.data() + size_t(n) * kClasses, probs_out->data() + start * kClasses);
            batch_loss[b] = double(loss_forward(loss_kind, probs, labels.data(), &batch_correct[b])) * n;
        }
    };
    if (pool)
        pool->parallel_for(int(models.size()), model_run, threads);
    else
        model_run(0);
    Evaluation e;
    e.count = int(rows.size());
    double loss = 0;
    long correct = 0;
    for (int b = 0; b < batches; ++b) loss += batch_loss[b], correct += batch_correct[b];
    if (e.count) {
        e.loss = float(loss / e.count);
        e.accuracy = float(correct) / e.count;
    }
    return e;
}

Evaluation model_evaluate(Model& model, const Dataset& data, const std::vector<int>& rows, LossKind loss_kind,
                          std::vector<float>* probs_out) {
    return models_evaluate({&model}, nullptr, 0, data, rows, loss_kind, probs_out);
}

void model_predict_tta(Model& model, const Mat& x, Mat& probs) {
    Mat view(x.rows(), x.cols()), view_probs;
    probs.setZero(x.rows(), kClasses);
    for (const TtaView& v : kTtaViews) {
        for (Eigen::Index i = 0; i < x.rows(); ++i)
            image_transform(x.row(i).data(), view.row(i).data(), v.degrees, 1.0f, v.dx, v.dy);
        model_predict(model, view, view_probs);
        probs += view_probs;
    }
    probs /= float(std::size(kTtaViews));
}

void dataset_predict_labels(const Dataset& data, int begin, int end, uint8_t* labels,
                            const std::vector<ProbsFn>& predicts, ThreadPool* pool, int threads, int batch) {
    const int batches = (end - begin + batch - 1) / batch;
    const int n = int(predicts.size());
    auto predict_run = [&](int m) {
        Mat x, probs;
        std::vector<int> rows;
        for (int b = m; b < batches; b += n) {
            const int start = begin + b * batch, count = std::min(batch, end - start);
            rows.resize(count);
            for (int i = 0; i < count; ++i) rows[i] = start + i;
            dataset_gather(data, rows.data(), count, x);
            predicts[m](x, probs);
            for (int i = 0; i < count; ++i) labels[start + i] = uint8_t(row_argmax(probs, i));
        }
    };
    if (pool)
        pool->parallel_for(n, predict_run, threads);
    else
        for (int m = 0; m < n; ++m) predict_run(m);
}

}  // namespace dl
