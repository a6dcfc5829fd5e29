"""Time one training step of the engine against the same step in PyTorch eager.

Both sides train the same network on the same data in the same process, one
thread each; the engine's step includes its full trace and diagnostics. Prints
the median time per step and the ratio engine / torch for each configuration.

    OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 .venv/bin/python benchmarks/engine.py

(The thread variables are set here too, before NumPy loads, if they are unset.)
Needs torch: `pip install torch==2.13.0` (the CPU build).
"""

from __future__ import annotations

import os

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import statistics  # noqa: E402
import time  # noqa: E402
from collections.abc import Callable  # noqa: E402
from dataclasses import dataclass  # noqa: E402

import numpy as np  # noqa: E402

from backprop_engine import MLP  # noqa: E402


@dataclass(frozen=True)
class Case:
    name: str
    sizes: list[int]
    batch: int
    activation: str
    output_activation: str
    loss: str
    dtype: str
    goal: float  # engine time / torch time at most this


CASES = [
    Case(
        "2-8-8-1 tanh mse float64, batch 256",
        [2, 8, 8, 1],
        256,
        "tanh",
        "linear",
        "mse",
        "float64",
        0.5,
    ),
    Case(
        "784-128-64-10 relu softmax-CE float32, batch 64",
        [784, 128, 64, 10],
        64,
        "relu",
        "softmax",
        "cross_entropy",
        "float32",
        1.0,
    ),
]
LR = 0.01


def make_data(case: Case) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(0)
    X = rng.standard_normal((case.batch, case.sizes[0])).astype(case.dtype)
    if case.loss == "cross_entropy":
        labels = rng.integers(0, case.sizes[-1], case.batch)
        Y = np.eye(case.sizes[-1], dtype=case.dtype)[labels]
    else:
        labels = np.zeros(case.batch, dtype=np.int64)
        Y = rng.standard_normal((case.batch, case.sizes[-1])).astype(case.dtype)
    return X, Y, labels


def engine_step(case: Case, X: np.ndarray, Y: np.ndarray) -> Callable[[], object]:
    net = MLP(
        case.sizes, case.activation, case.output_activation, case.loss, seed=0, dtype=case.dtype
    )
    return lambda: net.train_step(X, Y, LR)


def torch_step(
    case: Case, X: np.ndarray, Y: np.ndarray, labels: np.ndarray
) -> Callable[[], object]:
    import torch

    torch.set_num_threads(1)
    dtype = torch.float64 if case.dtype == "float64" else torch.float32
    net = MLP(
        case.sizes, case.activation, case.output_activation, case.loss, seed=0, dtype=case.dtype
    )
    layers: list[torch.nn.Module] = []
    act = {"tanh": torch.nn.Tanh, "relu": torch.nn.ReLU}[case.activation]
    for i, (W, b) in enumerate(zip(net.weights, net.biases, strict=True)):
        lin = torch.nn.Linear(W.shape[1], W.shape[0], dtype=dtype)
        with torch.no_grad():
            lin.weight.copy_(torch.from_numpy(W))
            lin.bias.copy_(torch.from_numpy(b))
        layers.append(lin)
        if i < len(net.weights) - 1:
            layers.append(act())
    model = torch.nn.Sequential(*layers)
    opt = torch.optim.SGD(model.parameters(), lr=LR)
    x = torch.from_numpy(X)
    if case.loss == "cross_entropy":
        target = torch.from_numpy(labels)

        def loss_fn(out: torch.Tensor) -> torch.Tensor:
            return torch.nn.functional.cross_entropy(out, target)
    else:
        y = torch.from_numpy(Y)

        def loss_fn(out: torch.Tensor) -> torch.Tensor:
            return 0.5 * ((out - y) ** 2).sum() / out.shape[0]

    def step() -> object:
        opt.zero_grad()
        loss = loss_fn(model(x))
        loss.backward()
        opt.step()
        return loss

    return step


def per_step(fn: Callable[[], object], n: int) -> float:
    t0 = time.perf_counter()
    for _ in range(n):
        fn()
    return (time.perf_counter() - t0) / n


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--rounds", type=int, default=15, help="timed rounds per side (median taken)"
    )
    parser.add_argument("--seconds", type=float, default=0.1, help="target length of one round")
    args = parser.parse_args()

    import torch

    print(f"numpy {np.__version__}, torch {torch.__version__}, 1 thread each")
    coretype = os.environ.get("OPENBLAS_CORETYPE")
    if coretype:
        print(f"OPENBLAS_CORETYPE={coretype} (applies to NumPy's OpenBLAS only)")
    for case in CASES:
        X, Y, labels = make_data(case)
        sides = {"engine": engine_step(case, X, Y), "torch": torch_step(case, X, Y, labels)}
        n = {k: max(1, int(args.seconds / per_step(f, 20))) for k, f in sides.items()}  # warm-up
        times: dict[str, list[float]] = {k: [] for k in sides}
        for _ in range(args.rounds):  # interleaved, so both see the same machine load
            for k, f in sides.items():
                times[k].append(per_step(f, n[k]))
        eng, tor = statistics.median(times["engine"]), statistics.median(times["torch"])
        ratio = eng / tor
        verdict = "meets" if ratio <= case.goal else "MISSES"
        print(
            f"{case.name}: engine {eng * 1e6:.0f} µs, torch {tor * 1e6:.0f} µs per step, "
            f"ratio {ratio:.2f} ({verdict} the goal of ≤ {case.goal}×)"
        )


if __name__ == "__main__":
    main()
