"""What each neuron computes over the input plane: `MLP.activation_maps` is the
forward pass's a(l) at every grid point, for every kind of network the page offers."""

from __future__ import annotations

import numpy as np
import pytest

from backprop_engine import MLP

GRID = np.array([[x, y] for y in np.linspace(-1.5, 1.5, 7) for x in np.linspace(-2, 2, 5)])


@pytest.mark.parametrize(
    "options",
    [
        {"activation": "tanh"},
        {"activation": "relu", "output_activation": "linear", "loss": "mse"},
        {"activation": "sigmoid", "residual": True},
        {"activation": "tanh", "normalization": "layer"},
    ],
)
def test_maps_are_the_forward_activations_at_the_grid_points(options):
    net = MLP([2, 3, 3, 1], seed=4, **options)
    net.train_step(GRID, (GRID[:, :1] > 0).astype(float), lr=0.3)  # not the initial weights
    maps = net.activation_maps(GRID)
    fwd = net.forward(GRID)
    assert [m.shape for m in maps] == [(len(GRID), 3), (len(GRID), 3), (len(GRID), 1)]
    for m, a in zip(maps, fwd.a[1:], strict=True):
        np.testing.assert_array_equal(m, a)
    # one grid point alone gives the same numbers as in the whole grid
    row = net.activation_maps(GRID[9:10])
    for m, r in zip(maps, row, strict=True):
        np.testing.assert_allclose(m[9:10], r, rtol=1e-12, atol=1e-15)


def test_maps_follow_an_edited_weight():
    net = MLP([2, 2, 1], seed=1)
    before = net.activation_maps(GRID)[0][:, 0].copy()
    W = net.weights[0].copy()
    W[0] = [0.0, 0.0]
    net.weights[0] = W
    after = net.activation_maps(GRID)[0][:, 0]
    assert not np.allclose(before, after)
    np.testing.assert_allclose(after, np.tanh(net.biases[0][0]))  # neuron 1 no longer sees x


def test_maps_refuse_a_grid_of_the_wrong_width():
    with pytest.raises(ValueError, match="X must be"):
        MLP([2, 2, 1]).activation_maps(np.zeros((4, 3)))
