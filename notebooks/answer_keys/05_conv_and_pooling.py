"""Answer key of 05_conv_and_pooling.ipynb: per exercise, the code that answers it, the hidden tests
the autograder runs after the whole notebook ran (in its namespace: ``data``, ``config``, ``model``,
``f_best``, ``sum3_same``, ``pos``, ``tensors``, ...), and a wrong answer the tests must reject.
Read by ``imdbviz assign``."""
from imdbviz.assignments import Exercise

EXERCISES = [
    Exercise(
        number=1,
        solution="""
answer_1 = "not higher"
""",
        tests=(
            """
# a prediction in the check's words
assert answer_1 is not None, 'answer_1 is empty: write "higher" or "not higher" before you run the check'
assert str(answer_1).strip().lower() in ("higher", "not higher"), f'answer_1 = {answer_1!r}: write "higher" or "not higher"'
""",
            """
# the prediction against the measurement, recomputed: filter f_best silenced in a copy of the model,
# both models on the first 2,000 test reviews. Graded only where the two differ beyond noise
# (McNemar: the reviews only one of them gets right, |b - c| > 2 sqrt(b + c)); a difference
# within noise (the bundled sample's 1,000 test reviews) says neither "higher" nor "not higher".
assert answer_1 is not None, 'answer_1 is empty: write "higher" or "not higher" before you run the check'
copy_ = keras.models.clone_model(model)
copy_.set_weights(model.get_weights())
kernel_, bias_ = copy_.get_layer("conv").get_weights()
kernel_[:, :, f_best], bias_[f_best] = 0.0, 0.0
copy_.get_layer("conv").set_weights([kernel_, bias_])
x_, y_ = data.x_test[:2000], data.y_test[:2000]
right_ = (model.predict(x_, verbose=0)[:, 0] > 0.5) == y_
right_silenced_ = (copy_.predict(x_, verbose=0)[:, 0] > 0.5) == y_
gained_, lost_ = int(np.sum(right_silenced_ & ~right_)), int(np.sum(right_ & ~right_silenced_))
if abs(gained_ - lost_) > 2 * np.sqrt(gained_ + lost_):
    said_ = "higher" if gained_ > lost_ else "not higher"
    assert str(answer_1).strip().lower() == said_, "answer_1 does not match the measurement with the filter silenced"
""",
        ),
        wrong="""
answer_1 = "lower"  # not one of the check's two answers
""",
    ),
    Exercise(
        number=2,
        solution="""
answer_2 = [2, 2, 0, 0, 4, 4]
""",
        tests=(
            """
# six numbers, one per step (padding="same")
assert answer_2 is not None, "answer_2 is empty: write the 6 outputs you predict"
try:
    shape_ = np.shape(answer_2)
except ValueError:  # a ragged list
    shape_ = "ragged"
assert shape_ == (6,), f"answer_2 = {answer_2!r}: write a flat list of 6 numbers, one per output step"
""",
            """
# what the layer outputs
assert answer_2 is not None, "answer_2 is empty: write the 6 outputs you predict"
sequence_ = np.array([2, 0, 0, 0, 0, 4], dtype="float32")
keras_ = np.asarray(sum3_same(sequence_.reshape(1, 6, 1)))[0, :, 0]
assert np.allclose(np.asarray(answer_2, dtype=float), keras_, atol=1e-6), f"answer_2 = {answer_2!r} is not what sum3_same outputs"
""",
            """
# the same by numpy: a window of 3 centred on each step, a zero read beyond each end
assert answer_2 is not None, "answer_2 is empty: write the 6 outputs you predict"
by_numpy_ = np.convolve([2, 0, 0, 0, 0, 4], np.ones(3), mode="same")
assert np.allclose(np.asarray(answer_2, dtype=float), by_numpy_, atol=1e-6), "answer_2 is not each step summed with its two neighbours"
""",
        ),
        wrong="""
answer_2 = [2, 2, 2, 0, 0, 4]  # zeros added before the sequence only (causal), not at both ends
""",
    ),
    Exercise(
        number=3,
        solution="""
answer_3 = 7 + 3 - 1
""",
        tests=(
            """
# a whole number of words
assert answer_3 is not None, "answer_3 is empty: write the width you predict"
assert isinstance(answer_3, (int, float, np.number)) and float(answer_3) == int(answer_3) \
    and 1 <= int(answer_3) <= config.maxlen, f"answer_3 = {answer_3!r} is no whole number of words between 1 and maxlen"
""",
            """
# what tensors.positions measures on a model with kernel_size=7, pool_size=3
assert answer_3 is not None, "answer_3 is empty: write the width you predict"
other_ = tensors.positions(imdbviz.build_model(config.replace(kernel_size=7, pool_size=3)))
width_ = int(np.diff(other_.pool_windows[other_.pooled_length // 2])[0])
assert int(float(answer_3)) == width_, f"answer_3 = {answer_3!r} is not the width for kernel_size=7, pool_size=3"
""",
            """
# the same measured on Keras layers: one word at each position (an impulse), through a Conv1D of
# kernel 7 (padding="same", weights 1) and a MaxPooling1D of 3; the words that reach a middle pooled output
assert answer_3 is not None, "answer_3 is empty: write the width you predict"
conv_ = keras.layers.Conv1D(1, 7, padding="same", kernel_initializer="ones", bias_initializer="zeros")
pool_ = keras.layers.MaxPooling1D(3)
impulses_ = np.eye(config.maxlen, dtype="float32")[:, :, None]          # (maxlen, maxlen, 1)
reached_ = np.asarray(pool_(conv_(impulses_)))[:, :, 0] > 0              # (word position, pooled position)
middle_ = reached_.shape[1] // 2
assert int(float(answer_3)) == int(reached_[:, middle_].sum()), "answer_3 is not the number of words one middle pooled position reads"
""",
        ),
        wrong="""
answer_3 = int(np.diff(pos.pool_windows[pos.pooled_length // 2])[0])  # this notebook's model, not kernel 7 / pool 3
""",
    ),
]
