"""Whole-sequence recurrences. TODO(helper): rnn, lstm, gru."""
