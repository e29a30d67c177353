"""Answer key of 06_lstm.ipynb: per exercise, the code that answers it, the hidden tests the
autograder runs after the whole notebook ran (in its namespace: ``data``, ``result``, ``model``,
``tensors``, ``running``, ``mixed_text``, ``half_life``, ``b``, ...), and a wrong answer the tests
must reject. Read by ``imdbviz assign``."""
from imdbviz.assignments import Exercise


EXERCISES = [
    Exercise(
        number=1,
        solution="""
p_swapped, p_praise = (float(p) for p in result.predict([swapped, first_half]))
print(f"swapped: {p_swapped:.3f}; the praise alone: {p_praise:.3f}")
answer_1 = round(p_swapped, 1)  # a prediction to one decimal
""",
        tests=(
            """
# the prediction's form: a probability
assert answer_1 is not None, "answer_1 is empty: write your predicted P(positive) for swapped"
assert 0 <= float(answer_1) <= 1, f"answer_1 = {answer_1!r} is no probability between 0 and 1"
""",
            """
# swapped is the mixed review's two halves, swapped
words_ = mixed_text.split()
swapped_ = " ".join(words_[len(words_) // 2:]) + " " + " ".join(words_[:len(words_) // 2])
assert swapped == swapped_, "swapped was changed: run the answer cell as given, then add your prediction"
""",
            """
# the check accepts a prediction within 0.15 of the model's P(positive), read step by step here
assert answer_1 is not None, "answer_1 is empty: write your predicted P(positive) for swapped"
words_ = mixed_text.split()
swapped_ = " ".join(words_[len(words_) // 2:]) + " " + " ".join(words_[:len(words_) // 2])
p_ = float(tensors.running_prediction(model, result.encode([swapped_]))[0, -1])
assert abs(float(answer_1) - p_) <= 0.15, f"answer_1 = {float(answer_1):.3f} is too far from what the model says for swapped"
""",
        ),
        wrong="""
answer_1 = float(running[2, -1])  # the same words, so the same prediction as the mixed review
""",
    ),
    Exercise(
        number=2,
        solution="""
prediction_2 = "not higher"   # written first, before anything is measured
kernel, recurrent, bias = longer.get_layer("lstm").get_weights()
bias[lstm_units:2 * lstm_units] += 1          # the forget gate's columns
longer.get_layer("lstm").set_weights([kernel, recurrent, bias])
half_life_2 = float(np.median(tensors.forget_half_lives(longer, data.x_test[:500])))
answer_2 = test_accuracy(longer)
""",
        tests=(
            """
assert prediction_2 is not None, 'prediction_2 is empty: write "higher" or "not higher" first'
assert str(prediction_2).strip().lower() in ("higher", "not higher"), f'prediction_2 = {prediction_2!r}: write "higher" or "not higher"'
""",
            """
# the copy changed, the model not: only the forget gate's quarter of the copy's bias moved, by 1
bias_model_ = model.get_layer("lstm").get_weights()[2]
assert np.allclose(bias_model_, b), "the model's own LSTM bias was changed: change the copy, longer, only"
bias_longer_ = longer.get_layer("lstm").get_weights()[2]
units_ = len(bias_longer_) // 4
added_ = bias_longer_ - bias_model_
assert np.allclose(added_[units_:2 * units_], 1, atol=1e-5), "longer's forget gate bias (the second quarter of b) is not the model's + 1"
assert np.allclose(np.delete(added_, np.s_[units_:2 * units_]), 0, atol=1e-5), "longer's bias changed outside the forget gate's quarter"
""",
            """
# the measured half-life: longer's median, and longer than the model's own
assert half_life_2 is not None, "half_life_2 is empty: measure the copy's median half-life"
changed_ = imdbviz.exercises.with_forget_bias(model, 1)
expected_ = float(np.median(tensors.forget_half_lives(changed_, data.x_test[:500])))
assert abs(float(half_life_2) - expected_) <= 0.1, f"half_life_2 = {float(half_life_2):.2f} is not the median half-life of the changed copy"
assert float(half_life_2) > np.median(half_life), "half_life_2 should be longer than the model's median half-life"
""",
            """
# the measured accuracy: a share, the changed copy's on the first 2,000 test reviews
assert answer_2 is not None, "answer_2 is empty: measure the copy's test accuracy"
assert 0 <= float(answer_2) <= 1, f"answer_2 = {answer_2!r} is no accuracy between 0 and 1"
changed_ = imdbviz.exercises.with_forget_bias(model, 1)
probabilities_ = changed_.predict(data.x_test[:2000], batch_size=1024, verbose=0)[:, 0]
expected_ = float(np.mean((probabilities_ > 0.5) == data.y_test[:2000]))
assert abs(float(answer_2) - expected_) <= 0.002, f"answer_2 = {float(answer_2):.4f} is not the changed copy's accuracy on the first 2,000 test reviews"
""",
        ),
        wrong="""
prediction_2 = "higher"
kernel, recurrent, bias = longer.get_layer("lstm").get_weights()
bias[:lstm_units] += 1          # the input gate's columns, not the forget gate's
longer.get_layer("lstm").set_weights([kernel, recurrent, bias])
half_life_2 = float(np.median(tensors.forget_half_lives(longer, data.x_test[:500])))
answer_2 = test_accuracy(longer)
""",
    ),
    Exercise(
        number=3,
        solution="""
guess_3 = "lower"   # written first: the praise read first still counts at the end
answer_3 = float(result.predict([second_half])[0])
""",
        tests=(
            """
assert guess_3 is not None, 'guess_3 is empty: write "higher" or "lower" first'
assert str(guess_3).strip().lower() in ("higher", "lower"), f'guess_3 = {guess_3!r}: write "higher" or "lower"'
""",
            """
# the measurement: P(positive) of the complaints alone, read step by step here
assert answer_3 is not None, "answer_3 is empty: measure P(positive) of second_half alone"
assert np.size(answer_3) == 1 and 0 <= float(np.ravel(answer_3)[0]) <= 1, f"answer_3 = {answer_3!r} should be one probability between 0 and 1"
words_ = mixed_text.split()
second_half_ = " ".join(words_[len(words_) // 2:])
expected_ = float(tensors.running_prediction(model, result.encode([second_half_]))[0, -1])
assert abs(float(np.ravel(answer_3)[0]) - expected_) <= 0.005, f"answer_3 = {float(np.ravel(answer_3)[0]):.3f} is not the model's P(positive) of the complaints alone"
""",
        ),
        wrong="""
guess_3 = "higher"
answer_3 = float(running[2, -1])  # the whole mixed review's, not the complaints alone
""",
    ),
]
