"""Answer key of 04_word2vec_vs_embedding.ipynb: per exercise, the code that answers it, the hidden
tests the autograder runs after the whole notebook ran (in its namespace: ``data``, ``config``,
``vocab``, ``vectors``, ``w2v``, ``trained``, ``learned``, ``short``, ``cnn_lstm``, ``short_fit``,
...), and a wrong answer the tests must reject. Read by ``imdbviz assign``."""
from imdbviz.assignments import Exercise

EXERCISES = [
    Exercise(
        number=1,
        solution="""
sims = embedding.cosine_similarities(vectors.matrix, vocab.index["better"])
answer_1 = "worse" if sims[vocab.index["worse"]] > sims[vocab.index["best"]] else "best"
sims_learned = embedding.cosine_similarities(learned, vocab.index["better"])
answer_1b = "worse" if sims_learned[vocab.index["worse"]] > sims_learned[vocab.index["best"]] else "best"
""",
        tests=(
            """
# both answers are one of the two words
assert answer_1 is not None, 'answer_1 is empty: answer "worse" or "best" for word2vec'
assert answer_1b is not None, 'answer_1b is empty: answer "worse" or "best" for the learned Embedding'
for name_, value_ in (("answer_1", answer_1), ("answer_1b", answer_1b)):
    assert str(value_).strip().lower() in ("worse", "best"), f'{name_} = {value_!r}: answer "worse" or "best"'
""",
            """
# word2vec: the word closer to "better" by cosine similarity in the vectors the network reads
assert answer_1 is not None, 'answer_1 is empty: answer "worse" or "best" for word2vec'
expected_ = imdbviz.exercises.expected_closer(vectors.matrix, vocab)
assert str(answer_1).strip().lower() == expected_, f"answer_1 = {answer_1!r} is not the closer word in word2vec's space"
""",
            """
# the same answer at word2vec's own scale (gensim's cosine): rescaling changes no angle
assert answer_1 is not None, 'answer_1 is empty: answer "worse" or "best" for word2vec'
closer_ = "worse" if w2v.wv.similarity("better", "worse") > w2v.wv.similarity("better", "best") else "best"
assert str(answer_1).strip().lower() == closer_, "answer_1 does not hold for gensim's own vectors: did you compare by cosine similarity?"
""",
            """
# the learned Embedding: its weights, read from the trained model itself
assert answer_1b is not None, 'answer_1b is empty: answer "worse" or "best" for the learned Embedding'
weights_ = np.asarray(trained.model.get_layer("embedding").get_weights()[0], dtype=float)
def cos_(a_, b_):
    u_, v_ = weights_[vocab.index[a_]], weights_[vocab.index[b_]]
    return float(u_ @ v_ / (np.linalg.norm(u_) * np.linalg.norm(v_)))
closer_ = "worse" if cos_("better", "worse") > cos_("better", "best") else "best"
assert closer_ == imdbviz.exercises.expected_closer(learned, vocab), "the learned matrix is not the trained model's Embedding"
assert str(answer_1b).strip().lower() == closer_, f"answer_1b = {answer_1b!r} is not the closer word in the learned Embedding"
""",
        ),
        wrong="""
sims = embedding.cosine_similarities(vectors.matrix, vocab.index["better"])
answer_1 = "worse" if sims[vocab.index["worse"]] < sims[vocab.index["best"]] else "best"  # the farther word
sims_learned = embedding.cosine_similarities(learned, vocab.index["better"])
answer_1b = "worse" if sims_learned[vocab.index["worse"]] < sims_learned[vocab.index["best"]] else "best"
""",
    ),
    Exercise(
        number=2,
        solution="""
prediction_2 = "not higher"
keras.utils.set_random_seed(config.seed)
random_frozen = cnn_lstm(keras.layers.Embedding(config.top_words, config.embedding_dim, trainable=False))
answer_2 = short_fit(random_frozen)
""",
        tests=(
            """
# a prediction in the check's words
assert prediction_2 is not None, 'prediction_2 is empty: write "higher" or "not higher" before you measure'
assert str(prediction_2).strip().lower() in ("higher", "not higher"), f'prediction_2 = {prediction_2!r}: write "higher" or "not higher"'
""",
            """
# an accuracy of short_fit: a share of its test reviews, right or wrong
assert answer_2 is not None, "answer_2 is empty: measure the frozen random Embedding with short_fit"
n_test_ = len(data.x_test[:2000])
assert isinstance(answer_2, (int, float, np.number)) and 0 <= float(answer_2) <= 1, f"answer_2 = {answer_2!r} is no accuracy between 0 and 1"
assert abs(float(answer_2) * n_test_ - round(float(answer_2) * n_test_)) < 0.01, f"answer_2 = {answer_2!r} is not an accuracy on short_fit's {n_test_:,} test reviews"
""",
            """
# the prediction against the measurement, as the check compares them
assert prediction_2 is not None, 'prediction_2 is empty: write "higher" or "not higher" before you measure'
assert answer_2 is not None, "answer_2 is empty: measure the frozen random Embedding with short_fit"
said_ = "higher" if float(answer_2) > float(short["frozen"]) else "not higher"
assert str(prediction_2).strip().lower() == said_, "prediction_2 does not match what your measurement says against frozen word2vec"
""",
            """
# the measurement itself: the same short fit of a frozen Embedding at Keras' random start (seed config.seed)
assert answer_2 is not None, "answer_2 is empty: measure the frozen random Embedding with short_fit"
keras.utils.set_random_seed(config.seed)
again_ = short_fit(cnn_lstm(keras.layers.Embedding(config.top_words, config.embedding_dim, trainable=False)))
assert abs(float(answer_2) - float(again_)) <= 0.02, f"answer_2 = {float(answer_2):.4f} is not short_fit's accuracy of a frozen random Embedding (seed config.seed)"
""",
        ),
        wrong="""
prediction_2 = "higher"
keras.utils.set_random_seed(config.seed)
random_frozen = cnn_lstm(keras.layers.Embedding(config.top_words, config.embedding_dim))  # trainable: not frozen
answer_2 = short_fit(random_frozen)
""",
    ),
]
