"""Answer key of 07_training_curves.ipynb: per exercise, the code that answers it, the hidden tests
the autograder runs after the whole notebook ran (in its namespace: ``data``, ``config``,
``exercise_run``, ``keras_would_keep``, ``long_runs``, ``seeds``, ``patience``, ...), and a wrong
answer the tests must reject. Read by ``imdbviz assign``."""
from imdbviz.assignments import Exercise


# The epochs patience 1 gives on a validation-loss curve, replayed by hand: stop at the first
# epoch without a new low (or at the curve's end), keep the lowest before it.
_STOP_AND_KEEP = """
val_loss_1 = exercise_run["history"]["val_loss"]
best_1, stopped_1 = 0, len(val_loss_1)
for epoch_1 in range(1, len(val_loss_1)):
    if val_loss_1[epoch_1] < val_loss_1[best_1]:
        best_1 = epoch_1
    else:
        stopped_1 = epoch_1 + 1
        break
"""


EXERCISES = [
    Exercise(
        number=1,
        solution=_STOP_AND_KEEP + """
answer_1_stopped = stopped_1   # predicted from the curve: the first epoch without a new low
answer_1_kept = best_1 + 1     # the lowest validation loss before it
""",
        tests=(
            """
# the predictions' form: epochs, counted from 1, the kept one not after the last one trained
assert answer_1_stopped is not None and answer_1_kept is not None, "answer_1_stopped or answer_1_kept is empty: write your predicted epochs"
assert float(answer_1_stopped).is_integer() and float(answer_1_kept).is_integer(), "the epochs must be whole numbers"
assert 1 <= int(answer_1_kept) <= int(answer_1_stopped) <= epochs, f"epochs run from 1 to {epochs}, and the kept epoch cannot come after the last one trained"
""",
            """
# the kept epoch: Keras' own EarlyStopping(patience=1) replayed on seed 4's validation losses
assert answer_1_kept is not None, "answer_1_kept is empty: write your predicted kept epoch"
val_loss_ = exercise_run["history"]["val_loss"]
assert int(answer_1_kept) == keras_would_keep(val_loss_, 1) == kept_epoch(exercise_run, 1), f"answer_1_kept = {answer_1_kept}: that is not the epoch patience 1 keeps"
""",
            """
# the last epoch trained: the first epoch without a new low, or the last planned one
assert answer_1_stopped is not None, "answer_1_stopped is empty: write your predicted last epoch"
val_loss_ = exercise_run["history"]["val_loss"]
no_new_low_ = [e for e in range(1, len(val_loss_)) if val_loss_[e] >= min(val_loss_[:e])]
stopped_ = no_new_low_[0] + 1 if no_new_low_ else len(val_loss_)
assert int(answer_1_stopped) == stopped_, f"answer_1_stopped = {answer_1_stopped}: that is not where patience 1 stops training"
""",
        ),
        wrong=_STOP_AND_KEEP + """
answer_1_stopped = stopped_1 - 1   # Keras' stopped_epoch and best_epoch count from 0
answer_1_kept = best_1
""",
    ),
    Exercise(
        number=2,
        solution="""
heavy = seed_runs(experiments.overfitting(config, dropout=0.5), data, seeds[:3])
keeps = lambda r: kept_epoch(r, patience)
d = difference(spread(heavy, keeps, name="dropout 0.5"), spread(long_runs[:3], keeps, name="dropout 0.2"))
print(d)
answer_2 = {"higher": "later", "lower": "earlier"}.get(d.verdict, "within noise")
""",
        tests=(
            """
assert answer_2 is not None, 'answer_2 is empty: answer "later", "earlier" or "within noise"'
assert str(answer_2).strip().lower() in ("later", "earlier", "within noise"), f'answer_2 = {answer_2!r}: answer "later", "earlier" or "within noise"'
""",
            """
# the verdict, recomputed with numpy and scipy: the 95% interval of the paired kept-epoch differences
assert answer_2 is not None, 'answer_2 is empty: answer "later", "earlier" or "within noise"'
from scipy import stats as stats_
heavy_ = seed_runs(experiments.overfitting(config, dropout=0.5), data, seeds[:3], verbose=False)
light_ = {r["seed"]: kept_epoch(r, patience) for r in long_runs[:3]}
per_seed_ = np.array([kept_epoch(r, patience) - light_[r["seed"]] for r in heavy_], dtype=float)
half_ = stats_.t.ppf(0.975, len(per_seed_) - 1) * per_seed_.std(ddof=1) / np.sqrt(len(per_seed_))
low_, high_ = per_seed_.mean() - half_, per_seed_.mean() + half_
verdict_ = "later" if low_ > 0 else "earlier" if high_ < 0 else "within noise"
assert str(answer_2).strip().lower() == verdict_, f"answer_2 = {answer_2!r} is not what the seed-by-seed comparison of the kept epochs says"
""",
        ),
        wrong="""
heavy = seed_runs(experiments.overfitting(config, dropout=0.5), data, seeds[:3])
keeps = lambda r: kept_epoch(r, patience)
d = difference(spread(heavy, keeps, name="dropout 0.5"), spread(long_runs[:3], keeps, name="dropout 0.2"))
answer_2 = "later" if d.delta >= 0 else "earlier"  # the mean difference alone, its interval ignored
""",
    ),
    Exercise(
        number=3,
        solution="""
answer_3 = 3 * math.ceil(int(0.9 * len(data.y_train)) / 32)   # 90% of the reviews are fitted
answer_3b = 5 * math.ceil(len(data.y_train) / 64)
""",
        tests=(
            """
# counts: whole numbers, and every batch counts, the last, smaller one too (rounded up)
assert answer_3 is not None and answer_3b is not None, "answer_3 or answer_3b is empty: write your predicted counts"
assert float(answer_3).is_integer() and float(answer_3b).is_integer(), "a count of updates is a whole number"
assert float(answer_3b) >= 5 * len(data.y_train) / 64, "answer_3b is too small: does the last, smaller batch count?"
""",
            """
# 3 epochs of batch 32 on the reviews validation_split=0.1 leaves to fit (Keras rounds those down)
assert answer_3 is not None, "answer_3 is empty: write your predicted count"
fitted_ = imdbviz.train.fit_size(len(data.y_train), 0.1)
assert int(answer_3) == 3 * -(-fitted_ // 32), f"answer_3 = {answer_3} is not the number of updates in 3 epochs of batch 32 with validation_split=0.1"
""",
            """
# the post's 5 epochs of batch 64 on every training review
assert answer_3b is not None, "answer_3b is empty: write your predicted count"
assert int(answer_3b) == 5 * -(-len(data.y_train) // 64), f"answer_3b = {answer_3b} is not the number of updates in the post's 5 epochs"
""",
        ),
        wrong="""
answer_3 = 3 * (int(0.9 * len(data.y_train)) // 32)   # the last, smaller batch forgotten
answer_3b = 5 * (len(data.y_train) // 64)
""",
    ),
]
