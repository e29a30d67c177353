"""The blog post's own numbers, the one place they live: its training log, its test accuracy
and its parameter table."""

#: The post's Keras log for its 5 epochs (its "validation" was the test set). Same shape as a
#: Keras ``History.history``.
LOG = {
    "accuracy": [0.7154, 0.8074, 0.8214, 0.8292, 0.8381],
    "val_accuracy": [0.7600, 0.8086, 0.8158, 0.8248, 0.8255],
    "loss": [0.5373, 0.4209, 0.4004, 0.3826, 0.3687],
    "val_loss": [0.4850, 0.4257, 0.4004, 0.3879, 0.3833],
}
#: The test accuracy it reported.
TEST_ACCURACY = 0.8255
#: Its model summary: parameters per layer, in order (Embedding, Conv1D, MaxPooling1D, LSTM,
#: Dropout, Dense, Dense).
PARAMETERS = (16_000, 5_152, 0, 16_600, 0, 1_275, 26)