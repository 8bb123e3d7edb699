import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createBrowserRouter } from 'react-router';
import { RouterProvider } from 'react-router/dom';
import { AppShell } from './components/app-shell.tsx';
import { AccountPage } from './pages/account.tsx';
import { LeaseCalculatorPage } from './pages/calculators/lease.tsx';
import { LoanCalculatorPage } from './pages/calculators/loan.tsx';
import { FailurePage } from './pages/failure.tsx';
import { HomePage } from './pages/home.tsx';
import { NotFoundPage } from './pages/not-found.tsx';
import { SecurityPage } from './pages/security.tsx';
import { SignInPage } from './pages/sign-in.tsx';
import { SignInVerifyPage } from './pages/sign-in-verify.tsx';
import { SignedInLayout } from './session/signed-in-layout.tsx';

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
          { path: 'sign-in/verify', element: <SignInVerifyPage /> },
          {
            // Pages for a signed-in person: they ask the server who that is and warn before the session ends.
            element: <SignedInLayout />,
            children: [
              { path: 'account', element: <AccountPage /> },
              { path: 'account/security', element: <SecurityPage /> },
            ],
          },
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
