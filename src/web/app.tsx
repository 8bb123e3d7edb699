import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createBrowserRouter } from 'react-router';
import { RouterProvider } from 'react-router/dom';
import { AppShell } from './components/app-shell.tsx';
import { LeaseCalculatorPage } from './pages/calculators/lease.tsx';
import { LoanCalculatorPage } from './pages/calculators/loan.tsx';
import { FailurePage } from './pages/failure.tsx';
import { HomePage } from './pages/home.tsx';
import { NotFoundPage } from './pages/not-found.tsx';
import { SignInPage } from './pages/sign-in.tsx';

const router = createBrowserRouter([
  {
    element: <AppShell />,
    children: [
      {
        // Inside the shell, so a page that fails still has the header and navigation around it.
        errorElement: <FailurePage />,
        children: [
          { index: true, element: <HomePage /> },
          { path: 'calculators/loan', element: <LoanCalculatorPage /> },
          { path: 'calculators/lease', element: <LeaseCalculatorPage /> },
          { path: 'sign-in', element: <SignInPage /> },
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
  },
]);

const queryClient = new QueryClient();

export function App() {
  return (
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
    </QueryClientProvider>
  );
}
