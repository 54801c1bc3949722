// What the page's live regions say to a screen reader (announce.hpp): each thing once, when it is new.
#include <doctest/doctest.h>

#include <string>

#include "state/actions.hpp"
#include "state/announce.hpp"
#include "state_util.hpp"

using namespace app;
using namespace app_test;

namespace {

// Whether `text` holds `part`, with the texts in the message when not.
bool says(const std::string& text, const std::string& part) {
    INFO("said: ", text, "; expected in it: ", part);
    return text.find(part) != std::string::npos;
}

}  // namespace

TEST_CASE("announce: a load, an epoch's end, a prediction and an error, each once") {
    AppState s;
    Announced said;
    announcements(s, said);  // what the page starts with

    worker_with_data(s);
    Announcement a = announcements(s, said);
    CHECK(says(a.polite, "Loaded train.csv as training data"));
    CHECK_FALSE(a.error_changed);
    CHECK(announcements(s, said).polite.empty());  // said once

    REQUIRE(train_start(s));
    announcements(s, said);  // "Training..."
    dl::EpochStats e;
    e.epoch = 1;
    e.validation.accuracy = 0.9f;
    e.validation.count = 10;
    message_receive(s, dl::EpochMessage{e, 0});
    a = announcements(s, said);
    CHECK(says(a.polite, "Epoch 1 of " + std::to_string(s.training.epochs) + ": validation accuracy 90.0%."));
    CHECK(announcements(s, said).polite.empty());

    // The pad's prediction: not during a stroke, once it has ended and the pad has predicted its image.
    Pad& pad = s.pad;
    pad.drawing = true;
    pad.has_ink = true;
    pad.image_version = 3;
    pad.prediction = 7;
    pad.probs[7] = 0.93f;
    CHECK(announcements(s, said).polite.empty());
    pad.drawing = false;
    CHECK(announcements(s, said).polite == "Predicted 7, 93%.");
    CHECK(announcements(s, said).polite.empty());

    // The error goes to the assertive region, and its dismissal too (to empty it).
    error_set(s, "train", "The training failed: out of memory.");
    a = announcements(s, said);
    CHECK(a.error_changed);
    CHECK(a.error == "The training failed: out of memory.");
    CHECK_FALSE(announcements(s, said).error_changed);
    s.error.clear();
    a = announcements(s, said);
    CHECK(a.error_changed);
    CHECK(a.error.empty());
}
