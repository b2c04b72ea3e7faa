import { z } from 'zod';

/** Dashboard permissions, in the order of the role-permission editor's rows. */
export const permissions = [
  'viewOtherNamespaces',
  'viewOwnNamespace',
  'manageGroupUsers',
  'viewNotebooks',
  'editNotebooks',
  'viewTensorboards',
  'editTensorboards',
  'viewPipelines',
  'editPipelines',
  'viewKatib',
  'editKatib',
  'viewServing',
  'editServing',
  'viewModelRegistry',
  'editModelRegistry',
] as const;
export type Permission = (typeof permissions)[number];
export const PermissionSchema = z.enum(permissions);

/** Role columns; each compiles to one ClusterRole. */
export const matrixRoles = ['owner', 'user', 'groupAdmin', 'groupEdit', 'groupView'] as const;
export type MatrixRole = (typeof matrixRoles)[number];
export const MatrixRoleSchema = z.enum(matrixRoles);

/** The view permission that a write permission needs: write implies view. */
export const impliedView: Partial<Record<Permission, Permission>> = {
  editNotebooks: 'viewNotebooks',
  editTensorboards: 'viewTensorboards',
  editPipelines: 'viewPipelines',
  editKatib: 'viewKatib',
  editServing: 'viewServing',
  editModelRegistry: 'viewModelRegistry',
  manageGroupUsers: 'viewOwnNamespace',
};

/** A matrix: for each role, the permissions it grants. */
export const MatrixSchema = z
  .object(
    Object.fromEntries(
      matrixRoles.map((role) => [role, z.array(PermissionSchema).max(permissions.length)]),
    ) as Record<MatrixRole, z.ZodArray<typeof PermissionSchema>>,
  )
  .strict();
export type Matrix = z.infer<typeof MatrixSchema>;

const userColumn: Permission[] = permissions.filter(
  (permission) => permission !== 'viewOtherNamespaces' && permission !== 'manageGroupUsers',
);

/** The default dashboard matrix; Group view may write the model registry by default. */
export const defaultMatrix: Matrix = {
  owner: [...permissions],
  user: userColumn,
  groupAdmin: permissions.filter((permission) => permission !== 'viewOtherNamespaces'),
  groupEdit: userColumn,
  groupView: [
    'viewOwnNamespace',
    'viewNotebooks',
    'viewTensorboards',
    'viewPipelines',
    'viewKatib',
    'viewServing',
    'viewModelRegistry',
    'editModelRegistry',
  ],
};

export function grants(matrix: Matrix, role: MatrixRole, permission: Permission): boolean {
  return matrix[role].includes(permission);
}

/**
 * Returns the matrix in canonical form: the Owner column is every permission,
 * each column is in row order without duplicates, and every write permission
 * brings its view permission.
 */
export function normalizeMatrix(matrix: Matrix): Matrix {
  const result = {} as Matrix;
  for (const role of matrixRoles) {
    const granted = new Set<Permission>(role === 'owner' ? permissions : matrix[role]);
    for (const permission of [...granted]) {
      const view = impliedView[permission];
      if (view) granted.add(view);
    }
    result[role] = permissions.filter((permission) => granted.has(permission));
  }
  return result;
}

/** Why a box cannot be changed, or null when it can: the Owner column is fixed, and write implies view. */
export type LockReason = 'ownerFixed' | 'impliedByWrite' | null;

export function lockReason(matrix: Matrix, role: MatrixRole, permission: Permission): LockReason {
  if (role === 'owner') return 'ownerFixed';
  const needed = Object.entries(impliedView).some(
    ([write, view]) => view === permission && matrix[role].includes(write as Permission),
  );
  return needed ? 'impliedByWrite' : null;
}

/** Grants or withdraws one permission; granting a write also grants its view. */
export function togglePermission(matrix: Matrix, role: MatrixRole, permission: Permission): Matrix {
  if (lockReason(matrix, role, permission) !== null) return matrix;
  const current = matrix[role];
  const next = current.includes(permission)
    ? current.filter((granted) => granted !== permission)
    : [...current, permission];
  return normalizeMatrix({ ...matrix, [role]: next });
}

/** One cell where two matrices differ. */
export interface MatrixDifference {
  role: MatrixRole;
  permission: Permission;
  left: boolean;
  right: boolean;
}

/** Lists the cells where two matrices differ, in row and column order. */
export function compareMatrices(left: Matrix, right: Matrix): MatrixDifference[] {
  const differences: MatrixDifference[] = [];
  for (const permission of permissions) {
    for (const role of matrixRoles) {
      const a = grants(left, role, permission);
      const b = grants(right, role, permission);
      if (a !== b) differences.push({ role, permission, left: a, right: b });
    }
  }
  return differences;
}
