"""A NumPy multilayer perceptron that keeps every number of backpropagation.

from backprop_engine import MLP, gradient_check, datasets

net = MLP([2, 4, 4, 1], activation="tanh", output_activation="sigmoid", loss="bce")
step = net.train_step(X, Y, lr=0.5)   # step.forward, step.loss, step.backward, ...
"""

from backprop_engine import datasets
from backprop_engine.config import DEFAULT_LR, Config
from backprop_engine.gradcheck import WeightCheck, gradient_check
from backprop_engine.network import MLP
from backprop_engine.trace import BackwardTrace, Diagnostics, ForwardTrace, Step

__all__ = [
    "DEFAULT_LR",
    "MLP",
    "BackwardTrace",
    "Config",
    "Diagnostics",
    "ForwardTrace",
    "Step",
    "WeightCheck",
    "datasets",
    "gradient_check",
]
