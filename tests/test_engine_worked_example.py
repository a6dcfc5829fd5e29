"""A published hand-worked example, reproduced number for number.

Source: Matt Mazur, "A Step by Step Backpropagation Example" (2015),
https://mattmazur.com/2015/03/17/a-step-by-step-backpropagation-example/

A 2-2-2 network, sigmoid everywhere, one training sample, learning rate 0.5. His
error is E = Σ ½(target − out)² over the outputs of that one sample, which is our
mse, L = 1/(2n) Σ_samples ‖a − y‖², at n = 1. He uses one bias per layer (b1 for
both hidden neurons, b2 for both outputs) and does not update biases, so we load
each bias into both neurons and compare weights only. His w1..w8 map onto our
rows (one row per receiving neuron): W(1) = [[w1, w2], [w3, w4]],
W(2) = [[w5, w6], [w7, w8]]. His figures are printed to 8 or 9 decimals.
"""

from __future__ import annotations

import numpy as np
import pytest

from backprop_engine import MLP

TOL = 1e-8


@pytest.fixture
def step():
    net = MLP([2, 2, 2], activation="sigmoid", output_activation="sigmoid", loss="mse")
    net.weights[0] = [[0.15, 0.20], [0.25, 0.30]]
    net.biases[0] = [0.35, 0.35]
    net.weights[1] = [[0.40, 0.45], [0.50, 0.55]]
    net.biases[1] = [0.60, 0.60]
    s = net.train_step([[0.05, 0.10]], [[0.01, 0.99]], lr=0.5)
    return net, s


def test_forward_pass(step):
    _, s = step
    assert s.forward.z[0][0, 0] == pytest.approx(0.3775, abs=TOL)  # net_h1
    np.testing.assert_allclose(s.forward.a[1], [[0.593269992, 0.596884378]], atol=TOL)
    assert s.forward.z[1][0, 0] == pytest.approx(1.105905967, abs=TOL)  # net_o1
    np.testing.assert_allclose(s.forward.a[2], [[0.75136507, 0.772928465]], atol=TOL)


def test_total_error(step):
    _, s = step
    assert s.loss == pytest.approx(0.298371109, abs=TOL)


def test_output_layer_gradient(step):
    _, s = step
    # ∂E/∂w5 = 0.082167041; his δ_o1 = ∂E/∂out_o1 · ∂out_o1/∂net_o1 = 0.74136507 · 0.186815602
    assert s.backward.delta[1][0, 0] == pytest.approx(0.74136507 * 0.186815602, abs=TOL)
    assert s.backward.grad_w[1][0, 0] == pytest.approx(0.082167041, abs=TOL)


def test_hidden_layer_gradient(step):
    _, s = step
    assert s.backward.grad_w[0][0, 0] == pytest.approx(0.000438568, abs=TOL)  # ∂E/∂w1


def test_updated_weights(step):
    net, _ = step
    np.testing.assert_allclose(
        net.weights[1], [[0.35891648, 0.408666186], [0.511301270, 0.561370121]], atol=TOL
    )
    np.testing.assert_allclose(
        net.weights[0], [[0.149780716, 0.19956143], [0.24975114, 0.29950229]], atol=TOL
    )
