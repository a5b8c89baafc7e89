"""The lab's harness: read the manifests, run every sample, measure them.

Nothing here is imported by a sample; samples are plain framework code.
"""
