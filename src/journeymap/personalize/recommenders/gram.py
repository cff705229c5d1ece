"""The item x item Gram matrix XᵀX, the base of the neighbourhood models."""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

DENSE_CELLS = 100_000_000
"""Up to this many persons x items cells, X is densified and multiplied with BLAS (several
times faster than a sparse product whose result is dense anyway)."""


def gram(matrix: sp.csr_matrix, dtype: type = np.float32) -> np.ndarray:
    """XᵀX as a dense items x items array."""
    if matrix.shape[0] * matrix.shape[1] <= DENSE_CELLS:
        dense = matrix.toarray().astype(dtype, copy=False)
        product: np.ndarray = dense.T @ dense
        return product
    sparse_product: np.ndarray = (matrix.T @ matrix).toarray().astype(dtype, copy=False)
    return sparse_product


def inverse_spd(matrix: np.ndarray) -> np.ndarray:
    """The inverse of a symmetric positive definite matrix by Cholesky (LAPACK potrf/potri),
    in the matrix's own precision: half the work of a general inverse."""
    from scipy.linalg import lapack

    potrf, potri = lapack.get_lapack_funcs(("potrf", "potri"), (matrix,))
    factor, info = potrf(matrix, lower=False, overwrite_a=True)
    if info != 0:
        raise np.linalg.LinAlgError(f"the Gram matrix is not positive definite (potrf {info})")
    inverse, info = potri(factor, lower=False, overwrite_c=True)
    if info != 0:
        raise np.linalg.LinAlgError(f"cannot invert the Gram matrix (potri {info})")
    upper = np.triu(inverse)
    full: np.ndarray = upper + np.triu(upper, 1).T
    return full
