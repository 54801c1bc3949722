// Each kind of worker message, as the state receives it.
#include <doctest/doctest.h>

#include "state/actions.hpp"
#include "state_util.hpp"

using namespace app;
using namespace app_test;

TEST_CASE("ready and dataset") {
    AppState s;
    message_receive(s, dl::ReadyMessage{});
    CHECK(s.worker_ready);
    dl::DatasetMessage train = dataset("train", "a.csv", 2);
    train.counts[3] = 2;
    train.images.assign(2 * dl::kImageSize, 0x7f);
    train.labels = {3, 3};
    message_receive(s, train);
    CHECK(s.train_set.rows == 2);
    CHECK(s.train_set.counts[3] == 2);
    CHECK(s.train_set.labelled);
    CHECK(s.train_set.images.size() == train.images.size());
    message_receive(s, dataset("test", "t.csv", 5));
    CHECK(s.test_set.rows == 5);
    CHECK_FALSE(s.test_set.labelled);
}

TEST_CASE("progress is shown per task; the live curves get a point per training report") {
    AppState s;
    worker_with_data(s);
    train_start(s);
    dl::ProgressMessage progress = train_progress(10, 20, 2);
    progress.images = 640;
    progress.seconds = 2;
    progress.loss_smooth = 0.7f;
    message_receive(s, progress);
    CHECK(s.training.progress.fraction() == doctest::Approx(0.25f));
    REQUIRE(s.training.batches.size() == 1);
    CHECK(s.training.batches[0].epoch == doctest::Approx(0.5f));
    CHECK(s.training.batches[0].loss == doctest::Approx(0.7f));
    dl::ProgressMessage parse;
    parse.task = "parse";
    parse.file = "x.csv";
    parse.done = 100;
    parse.total = 1000;
    message_receive(s, parse);
    CHECK(s.parse.active);
    CHECK(s.parse.file == "x.csv");
}

TEST_CASE("a long training's live curves keep fewer than kBatchPointsMax points, evenly spread, to its end") {
    AppState s;
    worker_with_data(s);
    train_start(s);
    const int batches = 100, epochs = 60, messages = batches * epochs;  // 6,000 reports
    for (int i = 1; i <= messages; ++i) {
        dl::ProgressMessage m = train_progress(i % batches, batches, epochs);
        m.epoch = i / batches;
        m.images = 64.0 * i + (i % 2 ? 32 : 0);  // 960, then 320 images a second: 640 over two reports
        m.seconds = 0.1 * i;
        m.learning_rate = float(i);
        message_receive(s, m);
        REQUIRE(s.training.batches.size() < kBatchPointsMax);
    }
    const std::vector<BatchPoint>& points = s.training.batches;
    REQUIRE(points.size() >= kBatchPointsMax / 4);
    CHECK(points.back().epoch == doctest::Approx(float(epochs)));
    CHECK(points.back().learning_rate == float(messages));  // the last report is a point
    const float step = points[1].learning_rate - points[0].learning_rate;  // reports per point at the start
    for (size_t i = 0; i < points.size(); ++i) {
        INFO("point ", i);
        // Points after the first halving, one per 2 or 4 reports, measure the speed since the point before.
        if (points[i].learning_rate > float(kBatchPointsMax)) CHECK(points[i].images_per_second == doctest::Approx(640));
        if (i) CHECK(points[i].learning_rate - points[i - 1].learning_rate == step);
    }
}

TEST_CASE("predict sends the model (each of an ensemble's) and receives the submission") {
    AppState s;
    worker_with_data(s);
    CHECK_FALSE(predict_start(s));  // no test.csv, no model
    message_receive(s, dataset("test", "test.csv", 3));
    message_receive(s, dl::ModelMessage{1, model_file()});
    REQUIRE(predict_start(s));
    CHECK(sent_one<dl::PredictMessage>(s).models == std::vector<std::string>{model_file()});
    CHECK_FALSE(predict_start(s));  // one at a time
    message_receive(s, dl::SubmissionMessage{3, 1, "ImageId,Label\n1,0\n"});
    CHECK_FALSE(s.predict.active);
    CHECK(s.submission_rows == 3);
    CHECK(s.submission_members == 1);
    submission_download(s);
    REQUIRE(s.outbox.downloads.size() == 1);
    CHECK(s.outbox.downloads[0].file_name == "submission.csv");
    CHECK(s.outbox.downloads[0].data == "ImageId,Label\n1,0\n");
}

TEST_CASE("validation: the confusion matrix and mistakes of the weights sent") {
    AppState s;
    std::vector<float> probs(2 * dl::kClasses, 0.f);
    probs[1] = 1.f;                 // image 0 predicted 1
    probs[dl::kClasses + 2] = 1.f;  // image 1 predicted 2
    dl::ValidationMessage m;
    m.epoch = 3;
    m.labels = {1, 5};
    m.probs = probs;
    message_receive(s, m);
    const Validation& v = s.training.validation;
    CHECK(v.epoch == 3);
    CHECK(v.count() == 2);
    CHECK(v.confusion[1 * dl::kClasses + 1] == 1);
    CHECK(v.confusion[5 * dl::kClasses + 2] == 1);
    CHECK(v.mistakes == std::vector<int>{1});
}

TEST_CASE("browse: only the answer to the last request is kept") {
    AppState s;
    worker_with_data(s, 50);
    explorer_request(s);
    CHECK(sent(s) == std::vector<std::string>{"browse"});
    explorer_request(s);  // the same page: not asked again
    CHECK(sent(s).empty());
    s.explorer.label = 4;
    explorer_request(s);
    CHECK(sent_one<dl::BrowseMessage>(s).count == kExplorePage);
    sent(s);
    const std::vector<int32_t> rows{7};
    const dl::BrowseResultMessage answer{4, 0, 1, rows, {9}, {4}, std::vector<uint8_t>(dl::kImageSize, 0)};
    dl::BrowseResultMessage first = answer;
    first.label = -1;
    message_receive(s, first);  // the answer to the first request, which a newer one replaced
    CHECK(s.explorer.shown_label == -2);
    message_receive(s, answer);
    CHECK(s.explorer.shown_label == 4);
    CHECK(s.explorer.rows == rows);
}

TEST_CASE("augment preview: asked when stale, its answer checked against its size") {
    AppState s;
    worker_with_data(s);
    CHECK(augment_preview_stale(s));
    augment_preview_request(s);
    CHECK(sent_one<dl::AugmentPreviewMessage>(s).count == kPreviewImages);
    CHECK(s.augment_preview.pending);
    CHECK_FALSE(augment_preview_stale(s));
    message_receive(s, dl::AugmentPreviewResultMessage{2, std::vector<uint8_t>(4 * dl::kImageSize, 0)});
    CHECK(s.augment_preview.count == 2);
    CHECK_FALSE(s.augment_preview.pending);
    message_receive(s, dl::AugmentPreviewResultMessage{2, std::vector<uint8_t>(5, 0)});
    CHECK(s.augment_preview.count == 0);  // never drawn past the bytes
}

TEST_CASE("errors end their task; a lost worker ends everything but keeps the model") {
    AppState s;
    worker_with_data(s);
    train_start(s);
    message_receive(s, dl::ModelMessage{1, model_file()});
    message_receive(s, dl::ErrorMessage{"train", "boom"});
    CHECK_FALSE(s.training.running);
    CHECK(s.error == "boom");
    worker_lost(s, "out of memory");
    CHECK_FALSE(s.worker_ready);
    CHECK(s.train_set.rows == 0);
    CHECK(s.model.present);
    CHECK(s.error_task == "worker");
}

TEST_CASE("a corrupt model from the worker changes nothing") {
    AppState s;
    worker_with_data(s);
    message_receive(s, dl::ModelMessage{1, model_file()});
    const std::vector<uint8_t> before = s.model.file;
    message_receive(s, dl::ModelMessage{2, "not a model"});
    CHECK(s.model.file == before);
    CHECK(s.model.epoch == 1);
}
