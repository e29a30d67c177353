"""Answer key of 09_explanations.ipynb: per exercise, the code that answers it, the hidden tests
the autograder runs after the whole notebook ran (in its namespace: ``net``, ``tfidf_2``,
``saliency``, ``my_review``, ``midpoint_gap``, ...), and a wrong answer the tests must reject.
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
p_not, p_plain = tfidf_2.predict(["The film was not the worst.", "The film was the worst."])
answer_1 = "higher" if p_not > p_plain else "lower"
""",
        tests=(
            """
assert answer_1 is not None, 'answer_1 is empty: write "higher" or "lower"'
assert answer_1 is not None and str(answer_1).strip().lower() in ("higher", "lower"), 'answer_1 is empty: write "higher" or "lower"' if answer_1 is None else f'answer_1 = {answer_1!r}: write "higher" or "lower"'
""",
            """
# what tfidf_2 (not the network) gives the two sentences
assert answer_1 is not None, 'answer_1 is empty: write "higher" or "lower"'
p_not_, p_plain_ = tfidf_2.predict(["The film was not the worst.", "The film was the worst."])
assert answer_1 is not None and str(answer_1).strip().lower() == ("higher" if p_not_ > p_plain_ else "lower"), 'answer_1 is empty: write "higher" or "lower"' if answer_1 is None else f"answer_1 = {answer_1!r} is not what tfidf_2 predicts: compare its P(positive) for the two sentences"
""",
        ),
        wrong="""
answer_1 = "higher"   # "not" softens "the worst", as a reader would take it
""",
    ),
    Exercise(
        number=2,
        solution="""
answer_2 = saliency.explain_texts(net, [my_review])[0].top(1, sign=-1)[0][0]
""",
        tests=(
            """
# one word of the review, and one the network reads (in its vocabulary)
assert answer_2 is not None, "answer_2 is empty: write one word of my_review"
assert isinstance(my_review, str) and my_review.strip(), "my_review is empty: write a short review (or keep ours)"
read_ = net.read(my_review) if isinstance(my_review, str) and my_review.strip() else None
read_words_ = {t for t, s in zip(read_.tokens, read_.status) if s == "read"} if read_ is not None else set()
assert isinstance(answer_2, str) and answer_2.strip().lower() in read_words_, "answer_2 is empty: write one word of my_review" if answer_2 is None else f"answer_2 = {answer_2!r} is not a word of my_review that the network reads: see net.read(my_review)"
""",
            """
# the most negative share of integrated gradients on my_review
assert answer_2 is not None, "answer_2 is empty: write one word of my_review"
attribution_ = saliency.explain_texts(net, [my_review])[0] if answer_2 is not None else None
lowest_words_ = {t for t, s in zip(attribution_.tokens, attribution_.scores) if s == attribution_.scores.min()} if attribution_ is not None else set()
assert answer_2 is not None and str(answer_2).strip().lower() in lowest_words_, "answer_2 is empty: write one word of my_review" if answer_2 is None else f"answer_2 = {answer_2!r} is not the word integrated gradients give the most negative share in my_review"
""",
        ),
        wrong="""
answer_2 = saliency.explain_texts(net, [my_review])[0].top(1)[0][0]   # the largest share, not the most negative
""",
    ),
    Exercise(
        number=3,
        solution="""
answer_3 = "larger" if midpoint_gap(4) > midpoint_gap(16) else "smaller"
steps_3 = 12
""",
        tests=(
            """
assert answer_3 is not None, 'answer_3 is empty: write "larger" or "smaller"'
assert answer_3 is not None and str(answer_3).strip().lower() in ("larger", "smaller"), 'answer_3 is empty: write "larger" or "smaller"' if answer_3 is None else f'answer_3 = {answer_3!r}: write "larger" or "smaller"'
""",
            """
# a number of points of your own: a whole number, at least 1
import numbers
assert steps_3 is not None, "steps_3 is empty: choose a number of points of your own, e.g. 12"
assert isinstance(steps_3, numbers.Integral) and not isinstance(steps_3, bool) and steps_3 >= 1, "steps_3 is empty: choose a number of points of your own, e.g. 12" if steps_3 is None else f"steps_3 = {steps_3!r} is no whole number of points (1 or more)"
""",
            """
# the gap with 4 evenly spaced points against 16, on section 2's review
assert answer_3 is not None, 'answer_3 is empty: write "larger" or "smaller"'
said_ = ("larger" if midpoint_gap(4) > midpoint_gap(16) else "smaller") if answer_3 is not None else None
assert answer_3 is not None and str(answer_3).strip().lower() == said_, 'answer_3 is empty: write "larger" or "smaller"' if answer_3 is None else f"answer_3 = {answer_3!r} does not match the two gaps: print midpoint_gap(4) and midpoint_gap(16)"
""",
        ),
        wrong="""
answer_3 = "smaller"   # "more points are not always better", taken too far
steps_3 = 12
""",
    ),
]
