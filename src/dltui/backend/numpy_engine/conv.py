"""Convolution and pooling (MLX layouts: x (N, H, W, C), w (C_out, KH, KW, C_in)).

TODO(helper): conv2d(x, w, stride=1, padding=0), max_pool2d(x, size=2, stride=None),
avg_pool2d(x, size=2, stride=None).
"""
