"""Answer key of 08_baselines_and_errors.ipynb: per exercise, the code that answers it, the hidden
tests the autograder runs after the whole notebook ran (in its namespace: ``data``, ``config``,
``baselines``, ``fitted``, ``sklearn_accuracy``, ...), and a wrong answer the tests must reject.
Read by ``imdbviz assign``.

otter runs each test as a doctest, one example per line, and goes on after a failing line; the
grader reports the last line's outcome. So each test opens with the ``is not None`` assert and
ends with one assert that fails, with the fitting message, for an empty and for a wrong answer;
the lines between skip their work while the answer is empty."""
from imdbviz.assignments import Exercise

EXERCISES = [
    Exercise(
        number=1,
        solution="""
guess_1 = "higher"
trigrams = make_pipeline(TfidfVectorizer(ngram_range=(1, 3), max_features=5000),
                         LogisticRegression(solver="liblinear"))
trigrams.fit(data.reviews.train_texts, data.y_train)
answer_1 = trigrams.score(data.reviews.test_texts, data.y_test)
""",
        tests=(
            """
# a prediction was written first, in the form asked
assert guess_1 is not None, 'guess_1 is empty: write your prediction ("higher" or "lower") first'
assert guess_1 is not None and str(guess_1).strip().lower() in ("higher", "lower"), 'guess_1 is empty: write your prediction ("higher" or "lower") first' if guess_1 is None else f'guess_1 = {guess_1!r}: write "higher" or "lower"'
""",
            """
# the measurement is a test accuracy: one number between 0 and 1 (not the pipeline, not a percentage)
import numbers
assert answer_1 is not None, "answer_1 is empty: fit the pipeline with trigrams and put its test accuracy there"
assert isinstance(answer_1, numbers.Real) and 0 <= answer_1 <= 1, "answer_1 is empty: fit the pipeline with trigrams and put its test accuracy there" if answer_1 is None else f"answer_1 = {answer_1!r} is no accuracy between 0 and 1"
""",
            """
# section 1's pipeline with ngram_range=(1, 3), 5,000 features, scored on the test reviews
import numbers
assert answer_1 is not None, "answer_1 is empty: fit the pipeline with trigrams and put its test accuracy there"
expected_ = baselines.sklearn_tfidf_accuracy(data, ngram_range=(1, 3), max_features=5000) if answer_1 is not None else None
shown_ = f"{answer_1:.4f}" if isinstance(answer_1, numbers.Real) else repr(answer_1)
assert isinstance(answer_1, numbers.Real) and abs(answer_1 - expected_) <= 1e-4, "answer_1 is empty: fit the pipeline with trigrams and put its test accuracy there" if answer_1 is None else f"answer_1 = {shown_} is not the test accuracy of section 1's pipeline with unigrams, bigrams and trigrams"
""",
        ),
        wrong="""
guess_1 = "higher"
trigrams = make_pipeline(TfidfVectorizer(ngram_range=(3, 3), max_features=5000),   # trigrams only
                         LogisticRegression(solver="liblinear"))
answer_1 = trigrams.fit(data.reviews.train_texts, data.y_train).score(data.reviews.test_texts, data.y_test)
""",
    ),
    Exercise(
        number=2,
        solution="""
guess_2 = 0.85
thousand = make_pipeline(TfidfVectorizer(ngram_range=(1, 2), max_features=1000),
                         LogisticRegression(solver="liblinear"))
answer_2 = thousand.fit(data.reviews.train_texts, data.y_train).score(data.reviews.test_texts, data.y_test)
""",
        tests=(
            """
# a prediction was written first: an accuracy between 0 and 1
import numbers
assert guess_2 is not None, "guess_2 is empty: write the test accuracy you expect first"
assert isinstance(guess_2, numbers.Real) and 0 <= guess_2 <= 1, "guess_2 is empty: write the test accuracy you expect first" if guess_2 is None else f"guess_2 = {guess_2!r} is no accuracy between 0 and 1"
""",
            """
import numbers
assert answer_2 is not None, "answer_2 is empty: fit the pipeline with 1,000 features and put its test accuracy there"
assert isinstance(answer_2, numbers.Real) and 0 <= answer_2 <= 1, "answer_2 is empty: fit the pipeline with 1,000 features and put its test accuracy there" if answer_2 is None else f"answer_2 = {answer_2!r} is no accuracy between 0 and 1"
""",
            """
# section 1's pipeline (unigrams and bigrams) with max_features=1000
import numbers
assert answer_2 is not None, "answer_2 is empty: fit the pipeline with 1,000 features and put its test accuracy there"
expected_ = baselines.sklearn_tfidf_accuracy(data, ngram_range=(1, 2), max_features=1000) if answer_2 is not None else None
shown_ = f"{answer_2:.4f}" if isinstance(answer_2, numbers.Real) else repr(answer_2)
assert isinstance(answer_2, numbers.Real) and abs(answer_2 - expected_) <= 1e-4, "answer_2 is empty: fit the pipeline with 1,000 features and put its test accuracy there" if answer_2 is None else f"answer_2 = {shown_} is not the test accuracy of section 1's pipeline with max_features=1000 (only that argument changes)"
""",
        ),
        wrong="""
guess_2 = 0.85
thousand = make_pipeline(TfidfVectorizer(max_features=1000),   # the default ngram_range: unigrams only
                         LogisticRegression(solver="liblinear"))
answer_2 = thousand.fit(data.reviews.train_texts, data.y_train).score(data.reviews.test_texts, data.y_test)
""",
    ),
    Exercise(
        number=3,
        solution="""
guess_3 = "higher"
whole = next(b for b in fitted[config.top_words][0]
             if b.kind == "tfidf-2" and b.reads == "review")
reads_input = baselines.fit_baseline("tfidf-2", data, config, reads="input")
answer_3 = whole.test_accuracy - reads_input.test_accuracy
""",
        tests=(
            """
assert guess_3 is not None, 'guess_3 is empty: write your prediction ("higher" or "lower") first'
assert guess_3 is not None and str(guess_3).strip().lower() in ("higher", "lower"), 'guess_3 is empty: write your prediction ("higher" or "lower") first' if guess_3 is None else f'guess_3 = {guess_3!r}: write "higher" or "lower"'
""",
            """
# a loss of accuracy is a difference of two accuracies, not an accuracy
import numbers
assert answer_3 is not None, "answer_3 is empty: measure the loss of the TF-IDF uni+bigram baseline"
assert isinstance(answer_3, numbers.Real) and abs(answer_3) <= 0.5, "answer_3 is empty: measure the loss of the TF-IDF uni+bigram baseline" if answer_3 is None else f"answer_3 = {answer_3!r} is no difference of two accuracies (whole reviews minus what the network reads)"
""",
            """
# whole reviews (section 2's row) minus what the network reads, TF-IDF uni+bigrams at this top_words
import numbers
assert answer_3 is not None, "answer_3 is empty: measure the loss of the TF-IDF uni+bigram baseline"
whole_ = next(b for b in fitted[config.top_words][0] if b.kind == "tfidf-2" and b.reads == "review")
expected_ = whole_.test_accuracy - baselines.fit_baseline("tfidf-2", data, config, reads="input").test_accuracy if answer_3 is not None else None
shown_ = f"{answer_3:+.4f}" if isinstance(answer_3, numbers.Real) else repr(answer_3)
assert isinstance(answer_3, numbers.Real) and abs(answer_3 - expected_) <= 1e-4, "answer_3 is empty: measure the loss of the TF-IDF uni+bigram baseline" if answer_3 is None else f"answer_3 = {shown_} is not the TF-IDF uni+bigram baseline's test accuracy on whole reviews minus on what the network reads"
""",
        ),
        wrong="""
guess_3 = "lower"
whole = next(b for b in fitted[config.top_words][0]
             if b.kind == "tfidf-2" and b.reads == "review")
reads_input = baselines.fit_baseline("tfidf-2", data, config, reads="input")
answer_3 = reads_input.test_accuracy - whole.test_accuracy   # the wrong way round
""",
    ),
]
