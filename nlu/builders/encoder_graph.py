"""make encoder: all-MiniLM-L6-v2 as an ONNX graph, written with onnx's helper API from the pinned safetensors weights.

Why built here: the usual exporter (torch.onnx through sentence-transformers) needs PyTorch, which Python 3.10 here
has only as a CUDA build of several gigabytes. The model is a six-layer BERT, so its graph is a page of helper calls;
onnxruntime then fuses its layer norms and GELUs and runs it. The weights are checked against the hash Hugging Face
publishes before anything is built, and the file written is checked against ENCODER_SHA256 (nlu/sentence_encoder.py):
the same pins give the same bytes. The weights stay float32: onnxruntime's int8 dynamic quantisation (`quantised`,
measured by make bench-encoder) put short messages such as "ok" and "thanks, bye" below the 0.99 cosine the
project holds the model to (tests/nlu/test_sentence_encoder.py).

Usage: python -m nlu.builders.encoder_graph [--out FILE] [--print-hash]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

from nlu.sentence_encoder import ENCODER_SHA256, WEIGHTS_SHA256, model_dir
from ops.settings import ENCODER_MODEL

OPSET = 17  # LayerNormalization is an ONNX op from 17 on


class Graph:
    """Nodes and initialisers collected in order, so that the same weights give the same bytes."""

    def __init__(self) -> None:
        self.nodes: list[onnx.NodeProto] = []
        self.initializers: list[onnx.TensorProto] = []

    def const(self, name: str, array: np.ndarray) -> str:
        self.initializers.append(numpy_helper.from_array(np.ascontiguousarray(array), name))
        return name

    def op(self, op_type: str, inputs: list[str], name: str, **attributes) -> str:
        self.nodes.append(helper.make_node(op_type, inputs, [name], name=name, **attributes))
        return name


def build(weights: dict[str, np.ndarray], config: dict) -> onnx.ModelProto:
    g = Graph()
    width, heads = config["hidden_size"], config["num_attention_heads"]
    size, eps = width // heads, config["layer_norm_eps"]

    def dense(x: str, prefix: str, out: str) -> str:
        # PyTorch stores a linear layer as (out, in): transposed once here, so each product is x @ W.
        w = g.const(prefix + ".weight", weights[prefix + ".weight"].T)
        return g.op(
            "Add", [g.op("MatMul", [x, w], out + "_mm"), g.const(prefix + ".bias", weights[prefix + ".bias"])], out
        )

    def norm(x: str, prefix: str, out: str) -> str:
        scale, bias = (g.const(f"{prefix}.{p}", weights[f"{prefix}.{p}"]) for p in ("weight", "bias"))
        return g.op("LayerNormalization", [x, scale, bias], out, axis=-1, epsilon=eps)

    mask = g.op("Cast", ["attention_mask"], "mask", to=TensorProto.FLOAT)
    # Embeddings: word, position (the first `length` rows) and token type 0, summed.
    length = g.op("Shape", ["input_ids"], "length", start=1, end=2)
    positions = g.op(
        "Slice",
        [
            g.const("embeddings.position_embeddings.weight", weights["embeddings.position_embeddings.weight"]),
            g.const("zero", np.array([0], np.int64)),
            length,
            g.const("axis0", np.array([0], np.int64)),
        ],
        "positions",
    )
    words = g.op(
        "Gather",
        [g.const("embeddings.word_embeddings.weight", weights["embeddings.word_embeddings.weight"]), "input_ids"],
        "words",
    )
    token_type = g.const("token_type_0", weights["embeddings.token_type_embeddings.weight"][0])
    x = norm(
        g.op("Add", [g.op("Add", [words, positions], "words_positions"), token_type], "embedded"),
        "embeddings.LayerNorm",
        "embeddings",
    )
    # Padding is masked out of attention by a large negative score, as the NumPy forward pass did.
    blocked = g.op(
        "Mul",
        [
            g.op("Sub", [g.const("one", np.array(1.0, np.float32)), mask], "padding"),
            g.const("minus_inf", np.array(-1e9, np.float32)),
        ],
        "blocked",
    )
    blocked = g.op("Unsqueeze", [blocked, g.const("axes12", np.array([1, 2], np.int64))], "attention_bias")
    split = g.const("split_heads", np.array([0, 0, heads, size], np.int64))
    merge = g.const("merge_heads", np.array([0, 0, width], np.int64))
    scale = g.const("scale", np.array(1.0 / np.sqrt(size), np.float32))
    Q, K = [0, 2, 1, 3], [0, 2, 3, 1]  # (batch, head, token, size), and K already transposed for Q @ K

    def heads(x: str, p: str, i: int, part: str, perm: list[int]) -> str:
        projected = dense(x, p + "attention.self." + part, f"l{i}_{part}")
        split_up = g.op("Reshape", [projected, split], f"l{i}_{part}_split")
        return g.op("Transpose", [split_up], f"l{i}_{part}_t", perm=perm)

    for i in range(config["num_hidden_layers"]):
        p = f"encoder.layer.{i}."

        q, k, v = (heads(x, p, i, part, perm) for part, perm in (("query", Q), ("key", K), ("value", Q)))
        scores = g.op(
            "Add", [g.op("Mul", [g.op("MatMul", [q, k], f"l{i}_qk"), scale], f"l{i}_scaled"), blocked], f"l{i}_scores"
        )
        context = g.op("MatMul", [g.op("Softmax", [scores], f"l{i}_probs", axis=-1), v], f"l{i}_context")
        context = g.op(
            "Reshape", [g.op("Transpose", [context], f"l{i}_context_t", perm=[0, 2, 1, 3]), merge], f"l{i}_merged"
        )
        attended = dense(context, p + "attention.output.dense", f"l{i}_attended")
        x = norm(g.op("Add", [x, attended], f"l{i}_residual1"), p + "attention.output.LayerNorm", f"l{i}_norm1")
        hidden = dense(x, p + "intermediate.dense", f"l{i}_hidden")
        # GELU in its exact (erf) form, which onnxruntime recognises and fuses.
        erf = g.op(
            "Erf",
            [g.op("Div", [hidden, g.const(f"l{i}_sqrt2", np.array(np.sqrt(2.0), np.float32))], f"l{i}_scaled_hidden")],
            f"l{i}_erf",
        )
        erf = g.op("Add", [erf, g.const(f"l{i}_one", np.array(1.0, np.float32))], f"l{i}_erf1")
        gelu = g.op(
            "Mul",
            [g.op("Mul", [hidden, erf], f"l{i}_gelu_x"), g.const(f"l{i}_half", np.array(0.5, np.float32))],
            f"l{i}_gelu",
        )
        out = dense(gelu, p + "output.dense", f"l{i}_out")
        x = norm(g.op("Add", [x, out], f"l{i}_residual2"), p + "output.LayerNorm", f"l{i}_norm2")
    # The model's pooling: the mean over the real tokens, then unit length.
    token_mask = g.op("Unsqueeze", [mask, g.const("axes2", np.array([2], np.int64))], "token_mask")
    axis1 = g.const("axis1", np.array([1], np.int64))
    summed = g.op("ReduceSum", [g.op("Mul", [x, token_mask], "masked"), axis1], "summed", keepdims=0)
    pooled = g.op("Div", [summed, g.op("ReduceSum", [mask, axis1], "count", keepdims=1)], "pooled")
    length2 = g.op(
        "Max",
        [g.op("ReduceL2", [pooled], "l2", axes=[1], keepdims=1), g.const("tiny", np.array(1e-12, np.float32))],
        "l2_floor",
    )
    g.op("Div", [pooled, length2], "sentence_embedding")

    graph = helper.make_graph(
        g.nodes,
        "all-MiniLM-L6-v2",
        [
            helper.make_tensor_value_info(name, TensorProto.INT64, ["batch", "tokens"])
            for name in ("input_ids", "attention_mask")
        ],
        [helper.make_tensor_value_info("sentence_embedding", TensorProto.FLOAT, ["batch", width])],
        g.initializers,
    )
    model = helper.make_model(
        graph, opset_imports=[helper.make_opsetid("", OPSET)], producer_name="nlu.builders.encoder_graph"
    )
    model.ir_version = 8  # what onnxruntime's pinned release reads, whatever onnx would write by default
    onnx.checker.check_model(model, full_check=True)
    return model


def float_model() -> onnx.ModelProto:
    from safetensors.numpy import load_file

    directory = model_dir()
    weights_file = directory / "model.safetensors"
    digest = hashlib.sha256(weights_file.read_bytes()).hexdigest()
    if digest != WEIGHTS_SHA256:
        raise ValueError(f"{weights_file} is not the published all-MiniLM-L6-v2 (sha256 {digest})")
    return build(load_file(str(weights_file)), json.loads((directory / "config.json").read_text()))


def quantised(model: onnx.ModelProto, work: Path) -> bytes:
    """int8 weights for the matrix products, per output channel, with activations quantised per call (onnxruntime's
    dynamic scheme). Per channel kept short messages closest of the whole-model variants tried (per tensor gave 0.85
    for "ok"); still below 0.99, so make bench-encoder measures it and nothing ships it."""
    from onnxruntime.quantization import QuantType, quantize_dynamic

    onnx.save(model, work / "float.onnx")
    quantize_dynamic(
        work / "float.onnx",
        work / "int8.onnx",
        op_types_to_quantize=["MatMul"],
        weight_type=QuantType.QInt8,
        per_channel=True,
    )
    return (work / "int8.onnx").read_bytes()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ENCODER_MODEL)
    parser.add_argument("--print-hash", action="store_true", help="write the model and print its hash, unchecked")
    args = parser.parse_args()
    data = float_model().SerializeToString()
    digest = hashlib.sha256(data).hexdigest()
    if digest != ENCODER_SHA256 and not args.print_hash:
        print(
            f"built sha256 {digest}, pinned {ENCODER_SHA256} (nlu/sentence_encoder.py): a pin changed?", file=sys.stderr
        )
        return 1
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(data)
    print(f"{args.out}: {len(data) / 1e6:.1f} MB, sha256 {digest}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
