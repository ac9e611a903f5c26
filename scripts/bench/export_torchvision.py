#!/usr/bin/env python3
"""Exports the torchvision CNNs that the analytical model is held against the engine on (issue 13's
list; scripts/bench/crosscheckTorchvision.sh runs the table), with random-init weights (no
pretrained weights offline), at 3x224x224, batch 1. Needs PyTorch, torchvision and onnx (Debian:
python3-torch python3-torchvision python3-onnx); CI does not run it.

Usage: python3 export_torchvision.py [OUT_DIR] [--opset N]   (defaults: exports, 17)
Writes OUT_DIR/{name}-op{N}.onnx, skipping files already there.
"""
import os
import sys

MODELS = ['alexnet', 'densenet121', 'googlenet', 'mobilenet_v2', 'mobilenet_v3_large', 'mobilenet_v3_small',
          'resnet18', 'resnet50', 'shufflenet_v2_x0_5', 'squeezenet1_0', 'vgg11']


def main(argv):
    opset = 17
    if '--opset' in argv:
        i = argv.index('--opset')
        opset = int(argv[i + 1])
        argv = argv[:i] + argv[i + 2:]
    out_dir = argv[0] if argv else 'exports'
    os.makedirs(out_dir, exist_ok=True)
    todo = [m for m in MODELS if not os.path.exists(os.path.join(out_dir, f'{m}-op{opset}.onnx'))]
    if not todo:
        return
    import torch
    import torchvision
    for name in todo:
        f = os.path.join(out_dir, f'{name}-op{opset}.onnx')
        torch.manual_seed(0)
        model = getattr(torchvision.models, name)(weights=None).eval()
        # Written under a temporary name first: an interrupted export leaves no file that looks whole.
        torch.onnx.export(model, torch.randn(1, 3, 224, 224), f + '.part', opset_version=opset,
                          input_names=['input'], output_names=['logits'])
        os.replace(f + '.part', f)
        print(f, file=sys.stderr)


if __name__ == '__main__':
    main(sys.argv[1:])
