"""Answer key of 03_embedding_layer.ipynb: per exercise, the code that answers it, the hidden tests
the autograder runs after the whole notebook ran (in its namespace: ``config``, ``data``, ``vocab``,
``result``, ``weights_before``, ``weights_after``, ``log_odds``, ``full_model``, ...), and a wrong
answer the tests must reject. Read by ``imdbviz assign``."""
from imdbviz.assignments import Exercise


EXERCISES = [
    Exercise(
        number=1,
        solution="""
table = 5000 * 32                               # Embedding: top_words x embedding_dim
answer_1 = (table, table
            + 5 * 32 * 32 + 32                  # Conv1D: kernel_size x embedding_dim x filters + filters
            + 4 * (32 + 100 + 1) * 100          # LSTM: 4 x (filters + lstm_units + 1) x lstm_units
            + 100 * 25 + 25                     # Dense: lstm_units x dense_units + dense_units
            + 25 + 1)                           # Dense: dense_units + 1
""",
        tests=(
            """
assert answer_1 is not None, "answer_1 is empty: write your prediction (Embedding's, whole model's)"
assert len(answer_1) == 2, (
    f"answer_1 = {answer_1!r}: give two numbers (the Embedding's parameters, the whole model's)")
assert all(float(v) == int(v) > 0 for v in answer_1), f"answer_1 = {answer_1!r}: both are positive whole numbers"
""",
            """
# each part against FULL's model, built again here
assert answer_1 is not None, "answer_1 is empty: write your prediction (Embedding's, whole model's)"
full = imdbviz.build_model(imdbviz.FULL, compile=False)
assert int(answer_1[0]) == embedding.embedding_layer(full).count_params(), (
    f"the Embedding's parameters, {answer_1[0]}, are not FULL's")
assert int(answer_1[1]) == full.count_params(), (
    f"the whole model's parameters, {answer_1[1]}, are not FULL's: which sizes does FULL change?")
""",
            """
# the lesson, in the answer's own numbers: the Embedding holds most of FULL's parameters
assert answer_1 is not None, "answer_1 is empty: write your prediction (Embedding's, whole model's)"
assert int(answer_1[1]) > int(answer_1[0]) > int(answer_1[1]) / 2, (
    "answer_1: the Embedding should be a part, and at FULL's sizes the larger part, of the whole model")
""",
        ),
        wrong="""
table = 5000 * 32
answer_1 = (table, table + 5 * 32 * 32 + 32 + 4 * (32 + 50 + 1) * 50 + 50 * 25 + 25 + 25 + 1)  # SMALL's lstm_units
""",
    ),
    Exercise(
        number=2,
        solution="""
answer_2 = bool(np.allclose(weights_after[0], 0))
""",
        tests=(
            """
assert answer_2 is not None, "answer_2 is empty: write True or False"
assert isinstance(answer_2, (bool, np.bool_)) or str(answer_2).strip().lower() in ("true", "false"), (
    f"answer_2 = {answer_2!r}: write True or False")
""",
            """
# against the padding row of the trained model's own table
assert answer_2 is not None, "answer_2 is empty: write True or False"
zero = bool(np.allclose(embedding.embedding_matrix(result.model)[0], 0))
assert str(answer_2).strip().lower() == str(zero).lower(), (
    "answer_2 is not what the trained padding row (row 0 of weights_after) says: test it with np.allclose")
""",
        ),
        wrong="""
answer_2 = True  # "the padding id carries nothing, so its vector stays zero"
""",
    ),
    Exercise(
        number=3,
        solution="""
# "higher": most words' leans are reliable, and training moved even the weak ones a little
probe_all = embedding.sentiment_probe(weights_after, vocab, log_odds, threshold=0)
positive = float((log_odds.log_odds > 0).mean())
answer_3 = "higher" if probe_all > max(positive, 1 - positive) else "not higher"
""",
        tests=(
            """
assert answer_3 is not None, 'answer_3 is empty: write "higher" or "not higher"'
assert str(answer_3).strip().lower() in ("higher", "not higher"), (
    f'answer_3 = {answer_3!r}: write "higher" or "not higher"')
""",
            """
# the probe on all the words, measured again here, against always answering the larger side
assert answer_3 is not None, 'answer_3 is empty: write "higher" or "not higher"'
measured = embedding.sentiment_probe(weights_after, vocab, log_odds, threshold=0)
positive = float(np.mean(log_odds.log_odds > 0))
said = "higher" if measured > max(positive, 1 - positive) else "not higher"
assert str(answer_3).strip().lower() == said, (
    "answer_3 is not what the measurement says: run the check and read its numbers")
""",
        ),
        wrong="""
answer_3 = "not higher"  # "most words hardly lean, so their sentiment cannot be read off"
""",
    ),
    Exercise(
        number=4,
        solution="""
u, v = weights_after[vocab.index["good"]], weights_after[vocab.index["bad"]]
answer_4 = u @ v / (np.linalg.norm(u) * np.linalg.norm(v))
""",
        tests=(
            """
# one number, and a cosine lies between -1 and 1
assert answer_4 is not None, "answer_4 is empty: compute the cosine similarity"
assert np.size(answer_4) == 1, f"answer_4 has {np.size(answer_4)} numbers: give one, the cosine of good and bad"
assert -1 - 1e-6 <= float(answer_4) <= 1 + 1e-6, (
    f"answer_4 = {float(answer_4):.4f} is no cosine similarity (it lies between -1 and 1)")
""",
            """
# recomputed with numpy from the trained model's own table
assert answer_4 is not None, "answer_4 is empty: compute the cosine similarity"
table = embedding.embedding_matrix(result.model).astype(float)
good, bad = table[vocab.index["good"]], table[vocab.index["bad"]]
expected = good @ bad / (np.linalg.norm(good) * np.linalg.norm(bad))
assert abs(float(answer_4) - expected) <= 1e-4, (
    f"answer_4 = {float(answer_4):.4f} is not the cosine of good and bad in the trained table")
""",
        ),
        wrong="""
u, v = weights_after[vocab.index["good"]], weights_after[vocab.index["bad"]]
answer_4 = u @ v  # the dot product, not divided by the lengths
""",
    ),
    Exercise(
        number=5,
        solution="""
data_5000 = imdbviz.load_dataset(config.replace(top_words=5000), dataset)
log_odds_5000 = corpus.word_log_odds(data_5000, data_5000.vocab)
share_500_words = (np.abs(log_odds.log_odds) > 0.5).mean()
answer_5 = "higher" if (np.abs(log_odds_5000.log_odds) > 0.5).mean() > share_500_words else "not higher"
""",
        tests=(
            """
assert answer_5 is not None, 'answer_5 is empty: write "higher" or "not higher"'
assert str(answer_5).strip().lower() in ("higher", "not higher"), (
    f'answer_5 = {answer_5!r}: write "higher" or "not higher"')
""",
            """
# the share of clearly leaning words in a 5,000-word vocabulary of the same training reviews
assert answer_5 is not None, 'answer_5 is empty: write "higher" or "not higher"'
leans_5000 = corpus.word_log_odds(data, data.corpus.vocabulary(5000)).log_odds
share_5000, share_500 = float(np.mean(np.abs(leans_5000) > 0.5)), float(np.mean(np.abs(log_odds.log_odds) > 0.5))
said = "higher" if share_5000 > share_500 else "not higher"
assert str(answer_5).strip().lower() == said, (
    "answer_5 is not what the measurement says: run the check and read its numbers")
""",
        ),
        wrong="""
answer_5 = "not higher"  # "the rarer words are noisier, so fewer of them lean clearly"
""",
    ),
]
