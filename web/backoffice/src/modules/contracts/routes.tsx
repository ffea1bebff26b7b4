import type { RouteObject } from 'react-router';
import { RequireNav } from '../../components/app-shell.tsx';
import { lazyPage } from '../../components/lazy-page.tsx';

const ContractsPage = lazyPage(() => import('./contracts.page.tsx'), 'ContractsPage', ['contracts']);
const ContractPage = lazyPage(() => import('./contract.page.tsx'), 'ContractPage', ['contracts']);

/** Customers' contracts: a customer's contracts (or the latest), one contract with its history and evidence. */
export const routes: RouteObject[] = [
  {
    path: 'contracts',
    element: (
      <RequireNav path="/contracts">
        <ContractsPage />
      </RequireNav>
    ),
  },
  {
    path: 'contracts/:id',
    element: (
      <RequireNav path="/contracts">
        <ContractPage />
      </RequireNav>
    ),
  },
];
