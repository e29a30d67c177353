"""Answer key of 01_encoding_and_padding.ipynb: per exercise, the code that answers it, the hidden
tests the autograder runs after the whole notebook ran (in its namespace: ``data``, ``config``,
``exercises``, ...), and a wrong answer the tests must reject. Read by ``imdbviz assign``."""
from imdbviz.assignments import Exercise

EXERCISES = [
    Exercise(
        number=1,
        solution="""
guess_1 = 0.3
test_ids = data.corpus.ids("test", exercise_top_words)
known = sum(int((ids > 1).sum()) for ids in test_ids)
rows_mark = keras.utils.pad_sequences(test_ids, maxlen=config.maxlen, truncating=config.truncating)
answer_1 = 1 - (rows_mark > 1).sum() / known
""",
        tests=(
            """
# a prediction was written first: a share between 0 and 1
assert guess_1 is not None, "guess_1 is empty: write your prediction first"
assert 0 <= float(guess_1) <= 1, f"guess_1 = {guess_1!r} is no share between 0 and 1"
""",
            """
# the measured share, oov = "mark", on the test reviews
assert answer_1 is not None, "answer_1 is empty: measure the share"
expected = exercises.expected_known_words_cut(data, exercise_top_words, config.maxlen, "mark",
                                              config.truncating)
assert abs(float(answer_1) - expected) <= 0.005, f"answer_1 = {float(answer_1):.4f} is not the share cut off with oov = 'mark'"
""",
            """
# the marks cost known words: more is cut than with oov = "skip"
skip = exercises.expected_known_words_cut(data, exercise_top_words, config.maxlen, "skip",
                                          config.truncating)
assert float(answer_1) > skip + 0.001, "answer_1 is no larger than the share cut with oov = 'skip': were the <oov> marks (id 1) kept?"
""",
        ),
        wrong="""
guess_1 = 0.3
test_ids = data.corpus.ids("test", exercise_top_words)
rows_skip = keras.utils.pad_sequences([ids[ids != 1] for ids in test_ids], maxlen=config.maxlen,
                                      truncating=config.truncating)
answer_1 = 1 - (rows_skip > 1).sum() / sum(int((ids > 1).sum()) for ids in test_ids)  # skip, not mark
""",
    ),
    Exercise(
        number=2,
        solution="""
guess_2 = 0.1
answer_2 = np.mean(data.train_lengths > 2 * config.maxlen)
""",
        tests=(
            """
assert guess_2 is not None, "guess_2 is empty: write your prediction first"
assert 0 <= float(guess_2) <= 1, f"guess_2 = {guess_2!r} is no share between 0 and 1"
""",
            """
assert answer_2 is not None, "answer_2 is empty: measure the share"
expected = exercises.expected_share_truncated(data, 2 * config.maxlen)
assert abs(float(answer_2) - expected) <= 0.01, f"answer_2 = {float(answer_2):.3f} is not the share of training reviews longer than 2 * maxlen"
""",
            """
# a longer maxlen truncates fewer reviews than today's
assert float(answer_2) < exercises.expected_share_truncated(data, config.maxlen), "answer_2 should be below the share truncated at today's maxlen"
""",
        ),
        wrong="""
guess_2 = 0.1
answer_2 = np.mean(data.train_lengths > config.maxlen)  # today's maxlen, not twice it
""",
    ),
    Exercise(
        number=3,
        solution="""
guess_3 = "higher"
ids_5000 = data.corpus.ids("train", 5000)
answer_3 = np.mean(np.array([len(ids[ids != vocab.oov_index]) for ids in ids_5000]) > config.maxlen)
""",
        tests=(
            """
assert guess_3 in ("higher", "lower"), f'guess_3 = {guess_3!r}: write "higher" or "lower" first'
""",
            """
assert answer_3 is not None, "answer_3 is empty: measure the share"
expected = exercises.expected_share_truncated(data, config.maxlen, 5000)
assert abs(float(answer_3) - expected) <= 0.005, f"answer_3 = {float(answer_3):.4f} is not the share truncated with 5,000 words"
""",
            """
# the qualitative answer: a larger vocabulary keeps more ids per review, so more are cut
assert float(answer_3) > exercises.expected_share_truncated(data, config.maxlen), "answer_3 should be higher than the share truncated with today's vocabulary"
""",
        ),
        wrong="""
guess_3 = "lower"
answer_3 = np.mean(data.train_lengths > config.maxlen)  # today's vocabulary, not 5,000 words
""",
    ),
    Exercise(
        number=4,
        solution="""
guess_4 = [word_index[w] + 3 if word_index[w] + 3 < config.top_words else 2 for w in edge]
answer_4 = keras_vocab.encode_tokens(edge)
""",
        tests=(
            """
assert guess_4 is not None and len(list(guess_4)) == 3, "guess_4 must be your predicted list of three ids"
""",
            """
assert answer_4 is not None, "answer_4 is empty: run keras_vocab on the three words"
expected = exercises.expected_post_ids(edge, word_index, config.top_words)
assert [int(i) for i in answer_4] == list(expected), f"answer_4 = {list(answer_4)} are not the ids Keras' loader gives {edge}"
""",
            """
# the rule, at another edge: the word ranked top_words - 3 is kept (rank + 3 < top_words), the next one is not
by_rank_ = {rank: word for word, rank in word_index.items()}
kept, cut = by_rank_[config.top_words - 4], by_rank_[config.top_words - 3]
assert keras_vocab.encode_tokens([kept, cut]) == [config.top_words - 1, 2], "keras_vocab does not follow Keras' num_words rule"
assert [int(i) for i in answer_4][-1] == 2, "the third word's rank + 3 is top_words itself: Keras marks it out-of-vocabulary (2)"
""",
        ),
        wrong="""
guess_4 = [word_index[w] + 3 for w in edge]
answer_4 = [word_index[w] + 3 for w in edge]  # rank + 3 everywhere: forgets num_words
""",
    ),
]
