"""The page's prose and equations, in one place so the wording can be read and
edited without touching layout code. Equations are TeX, made MathML at start; notation
follows the engine: z(l) = W(l)·a(l−1) + b(l), a(l) = σ(z(l)), δ(l), L."""

TITLE = "Backpropagation"
# One line beside the title on a laptop: the lab starts right under it.
TAGLINE = "How a network works out each weight's share of the error, and which way to nudge it."

CHAIN_RULE_TITLE = "The chain rule does the work"
CHAIN_RULE = r"""
A weight never touches the loss directly: it changes a neuron's output, which changes
the next layer, and so on until the loss moves. The chain rule turns that path into a
product of small, local derivatives:

$$
\frac{\partial L}{\partial w} = \frac{\partial L}{\partial a} \times \frac{\partial a}{\partial w}
$$

Backpropagation computes every such product in one sweep from the output back to the
input, reusing each shared factor instead of working it out again for every weight.
"""

FORWARD_TITLE = "Forward pass"
FORWARD = r"""
An input enters on the left and moves through the network one layer at a time. Each
neuron takes a weighted sum of the previous layer's outputs, adds its bias, and squashes
the result with an activation function σ. Its output becomes the next layer's input.

$$
a^{(l)} = \sigma\!\left(W^{(l)}\, a^{(l-1)} + b^{(l)}\right)
$$
"""

BACKWARD_TITLE = "Backward pass"
BACKWARD = r"""
The error starts at the loss and moves the other way. Each layer receives the error
signal δ of the layer after it, sends it back through the same weights (transposed), and
scales it by how sensitive its own neurons were. What comes out says how much each
weight contributed to the error.

$$
\delta^{(l)} = \left(W^{(l+1)}\right)^{\!\top} \delta^{(l+1)} \odot \sigma'(z^{(l)})
$$
"""

LAB_TITLE = "Watch it run"

STEPS_TITLE = "The four steps of training"
STEPS = (
    ("Forward propagation", "Work out every neuron's activation, layer by layer, input to output."),
    ("Compute the loss", "Measure how far the prediction is from the target."),
    ("Backward propagation", "Use the chain rule to get each layer's error and gradients."),
    ("Update the weights", "Move every weight a little against its gradient."),
)

CONCEPTS_TITLE = "Key ideas"
CONCEPTS = (
    (
        "Gradient descent",
        r"""
$$
w \leftarrow w - \eta \, \frac{\partial L}{\partial w}
$$

The gradient points uphill on the loss, so each weight takes a step the opposite way.""",
    ),
    (
        "Learning rate η",
        r"""The size of that step. Too large and the loss jumps around or blows up;
too small and training crawls. Try both ends of the slider above.""",
    ),
    (
        "Vanishing gradients",
        r"""Each layer multiplies the error by σ′(z), often well below 1, so in a deep
network the first layers can receive almost nothing. ReLU activations, residual
connections and normalization are the usual remedies.""",
    ),
)

FOUNDATION_TITLE = "The mathematics"
FOUNDATION_FORWARD = r"""
**Forward pass**

Pre-activation of layer $l$:

$$
z^{(l)} = W^{(l)}\, a^{(l-1)} + b^{(l)}
$$

Activation:

$$
a^{(l)} = \sigma\!\left(z^{(l)}\right)
$$

$W^{(l)}$ has one row per neuron of layer $l$ and one column per neuron of layer $l-1$;
$a^{(0)}$ is the input.
"""
FOUNDATION_BACKWARD = r"""
**Backward pass**

Error at the output layer $L$:

$$
\delta^{(L)} = \nabla_{a} L \odot \sigma'\!\left(z^{(L)}\right)
$$

Gradient of the loss with respect to each weight matrix:

$$
\frac{\partial L}{\partial W^{(l)}} = \delta^{(l)} \left(a^{(l-1)}\right)^{\!\top}
\qquad \frac{\partial L}{\partial b^{(l)}} = \delta^{(l)}
$$
"""

WHY_TITLE = "Why it matters"
WHY = r"""
Rumelhart, Hinton and Williams made backpropagation widely known in 1986, and it has
trained nearly every neural network since. Its cost is about that of one extra forward
pass: the gradient of all n parameters comes out in O(n) time, where nudging each weight
separately to measure its effect would cost a full pass per weight.

That difference is what makes networks with billions of parameters trainable at all,
among them:

- large language models,
- image networks such as ResNet and vision transformers,
- generative models, diffusion models and GANs included,
- reinforcement-learning agents trained with methods such as PPO and SAC.
"""

FOOTER = "Backprop Lab: every number on this page comes from the network running on the server."
