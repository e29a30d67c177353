"""Answer key of 02_build_the_model.ipynb: per exercise, the code that answers it, the hidden tests
the autograder runs after the whole notebook ran (in its namespace: ``config``, ``data``, ``model``,
``test_accuracy``, ``slice_reviews``, ...), and a wrong answer the tests must reject. Read by
``imdbviz assign``."""
from imdbviz.assignments import Exercise


EXERCISES = [
    Exercise(
        number=1,
        solution="""
# only the convolution's count changes; the LSTM's does not depend on how many steps it reads
answer_1 = (maxlen // 4, model.count_params() - (kernel_size * embedding_dim * filters + filters)
            + (3 * embedding_dim * filters + filters))
kernel_size_1, pool_size_1 = 3, 4
model_1 = keras.Sequential([
    keras.Input(shape=(maxlen,), dtype="int32"),
    keras.layers.Embedding(top_words, embedding_dim),
    keras.layers.Conv1D(filters, kernel_size_1, padding="same", activation="relu"),
    keras.layers.MaxPooling1D(pool_size_1),
    keras.layers.LSTM(lstm_units),
    keras.layers.Dropout(dropout),
    keras.layers.Dense(dense_units, activation="sigmoid"),
    keras.layers.Dense(1, activation="sigmoid"),
])
model_1.summary()
""",
        tests=(
            """
# the prediction's form: two whole numbers
assert answer_1 is not None, "answer_1 is empty: write your prediction (steps, parameters)"
assert len(answer_1) == 2, f"answer_1 = {answer_1!r}: give two numbers (steps the LSTM reads, parameters in all)"
assert all(float(v) == int(v) > 0 for v in answer_1), f"answer_1 = {answer_1!r}: both are positive whole numbers"
""",
            """
# each part against the network built at kernel_size 3 and pool_size 4
assert answer_1 is not None, "answer_1 is empty: write your prediction (steps, parameters)"
built = imdbviz.build_model(config.replace(kernel_size=3, pool_size=4), compile=False)
assert int(answer_1[0]) == int(built.get_layer("lstm").input.shape[1]), (
    f"the steps, {answer_1[0]}, are not what the LSTM reads after pools of 4 positions")
assert int(answer_1[1]) == built.count_params(), (
    f"the parameters, {answer_1[1]}, are not the count of the network with a window of 3 words")
""",
            """
# the network is built with the new names; the notebook's kernel_size and pool_size stay as they were
assert globals().get("kernel_size_1") is not None and globals().get("pool_size_1") is not None, (
    "kernel_size_1 / pool_size_1 are not set: set them and build the network with them")
assert (kernel_size_1, pool_size_1) == (3, 4), (
    f"kernel_size_1, pool_size_1 = {kernel_size_1}, {pool_size_1}: not the exercise's sizes")
assert (kernel_size, pool_size) == (config.kernel_size, config.pool_size), (
    "kernel_size / pool_size were changed: use the new names kernel_size_1 and pool_size_1")
""",
        ),
        wrong="""
kernel_size_1, pool_size_1 = 3, 4
answer_1 = (maxlen // pool_size_1, model.count_params())  # thinks the count stays as it is
""",
    ),
    Exercise(
        number=2,
        solution="""
keras.utils.set_random_seed(seed)
model_2 = keras.Sequential([
    keras.Input(shape=(maxlen,), dtype="int32"),
    keras.layers.Embedding(top_words, embedding_dim),
    keras.layers.Conv1D(filters, kernel_size, padding="same", activation="relu"),
    keras.layers.MaxPooling1D(pool_size),
    keras.layers.LSTM(lstm_units),
    keras.layers.Dropout(dropout),
    keras.layers.Dense(dense_units, activation="sigmoid"),
    keras.layers.Dense(1, activation="sigmoid"),
])
model_2.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
model_2.fit(data.x_train[:2 * slice_reviews], data.y_train[:2 * slice_reviews],
            epochs=slice_epochs, batch_size=slice_batch_size, validation_split=0.2)
accuracy_2 = model_2.evaluate(data.x_test[:2000], data.y_test[:2000], verbose=0)[1]
# (any prediction written before training is valid; the check compares it with the measurement)
prediction_2 = "higher" if accuracy_2 > test_accuracy else "not higher"
""",
        tests=(
            """
assert prediction_2 is not None, 'prediction_2 is empty: write "higher" or "not higher" first'
assert str(prediction_2).strip().lower() in ("higher", "not higher"), (
    f'prediction_2 = {prediction_2!r}: write "higher" or "not higher"')
""",
            """
# an accuracy on the first 2,000 test reviews: a share of them, a whole number of reviews
assert accuracy_2 is not None, "accuracy_2 is empty: train the network and measure its test accuracy"
reviews = len(data.y_test[:2000])
assert 0 <= float(accuracy_2) <= 1, f"accuracy_2 = {float(accuracy_2):.4f} is no accuracy"
assert abs(float(accuracy_2) * reviews - round(float(accuracy_2) * reviews)) < 0.01, (
    f"accuracy_2 = {float(accuracy_2):.4f} is no share of the first {reviews:,} test reviews "
    "(what does evaluate return?)")
""",
            """
# the same recipe, trained again here (seconds): within the check's tolerance
assert accuracy_2 is not None, "accuracy_2 is empty: train the network and measure its test accuracy"
expected = imdbviz.exercises.slice_accuracy(config, data, 2 * slice_reviews, slice_epochs,
                                            slice_batch_size)
assert abs(float(accuracy_2) - expected) <= 0.02, (
    f"accuracy_2 = {float(accuracy_2):.4f} is not the test accuracy of this recipe on 2 * slice_reviews reviews")
""",
            """
# the prediction against the measurement, as the check compares them
assert prediction_2 is not None, 'prediction_2 is empty: write "higher" or "not higher" first'
assert accuracy_2 is not None, "accuracy_2 is empty: train the network and measure its test accuracy"
said = "higher" if float(accuracy_2) > float(test_accuracy) else "not higher"
assert str(prediction_2).strip().lower() == said, (
    "prediction_2 is not what your accuracy_2 says against section 5's test_accuracy")
""",
        ),
        wrong="""
prediction_2 = "higher"
keras.utils.set_random_seed(seed)
model_2 = keras.models.clone_model(model)
model_2.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
model_2.fit(data.x_train[:2 * slice_reviews], data.y_train[:2 * slice_reviews],
            epochs=slice_epochs, batch_size=slice_batch_size, validation_split=0.2, verbose=0)
accuracy_2 = model_2.evaluate(data.x_test[:2000], data.y_test[:2000], verbose=0)[0]  # the loss
""",
    ),
]
