import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createBrowserRouter } from 'react-router';
import { RouterProvider } from 'react-router/dom';
import { AppShell } from './components/app-shell.tsx';
import { AccountPage } from './pages/account.tsx';
import { AutopayPage } from './pages/autopay/autopay.tsx';
import { LeaseCalculatorPage } from './pages/calculators/lease.tsx';
import { LoanCalculatorPage } from './pages/calculators/loan.tsx';
import { ActivityPage } from './pages/contract/activity.tsx';
import { ContractLayout } from './pages/contract/contract-layout.tsx';
import { ContractOverviewPage } from './pages/contract/overview.tsx';
import { PayoffPage } from './pages/contract/payoff.tsx';
import { SchedulePage } from './pages/contract/schedule.tsx';
import { VehiclePage } from './pages/contract/vehicle.tsx';
import { DocumentsPage } from './pages/documents.tsx';
import { FailurePage } from './pages/failure.tsx';
import { ForgotPasswordPage } from './pages/forgot-password.tsx';
import { ForgotUserIdPage } from './pages/forgot-user-id.tsx';
import { GuestPaymentPage } from './pages/guest-payment/guest-payment.tsx';
import { HelpPage } from './pages/help.tsx';
import { HomePage } from './pages/home.tsx';
import { NotFoundPage } from './pages/not-found.tsx';
import { PaperlessPage } from './pages/paperless.tsx';
import { MakePaymentPage } from './pages/payments/make-payment.tsx';
import { PaymentMethodsPage } from './pages/payments/payment-methods.tsx';
import { PaymentsPage } from './pages/payments/payments.tsx';
import { ReceiptPage } from './pages/payments/receipt.tsx';
import { ProfilePage } from './pages/profile.tsx';
import { RegisterPage } from './pages/register.tsx';
import { RegisterCompletePage } from './pages/register-complete.tsx';
import { ResetPasswordPage } from './pages/reset-password.tsx';
import { SecurityPage } from './pages/security.tsx';
import { SetUpFactorPage } from './pages/set-up-factor.tsx';
import { SignInPage } from './pages/sign-in.tsx';
import { SignInVerifyPage } from './pages/sign-in-verify.tsx';
import { StaffAuditPage } from './pages/staff/audit.tsx';
import { StaffConsolePage } from './pages/staff/console.tsx';
import { StaffCustomerPage } from './pages/staff/customer.tsx';
import { StaffDailyCyclePage } from './pages/staff/daily-cycle.tsx';
import { StaffOutboxPage } from './pages/staff/outbox.tsx';
import { StatementsPage } from './pages/statements/statements.tsx';
import { VerifyEmailPage } from './pages/verify-email.tsx';
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
          { path: 'help', element: <HelpPage /> },
          { path: 'sign-in', element: <SignInPage /> },
          { path: 'sign-in/verify', element: <SignInVerifyPage /> },
          { path: 'sign-in/set-up', element: <SetUpFactorPage /> },
          { path: 'register', element: <RegisterPage /> },
          { path: 'register/complete', element: <RegisterCompletePage /> },
          { path: 'forgot-user-id', element: <ForgotUserIdPage /> },
          { path: 'forgot-password', element: <ForgotPasswordPage /> },
          { path: 'reset-password', element: <ResetPasswordPage /> },
          { path: 'verify-email', element: <VerifyEmailPage /> },
          { path: 'pay', element: <GuestPaymentPage /> },
          {
            // Pages for a signed-in person: they ask the server who that is and warn before the session ends.
            element: <SignedInLayout />,
            children: [
              { path: 'account', element: <AccountPage /> },
              { path: 'account/security', element: <SecurityPage /> },
              { path: 'profile', element: <ProfilePage /> },
              { path: 'paperless', element: <PaperlessPage /> },
              { path: 'payments', element: <PaymentsPage /> },
              { path: 'documents', element: <DocumentsPage /> },
              { path: 'payments/new', element: <MakePaymentPage /> },
              { path: 'payments/:id', element: <ReceiptPage /> },
              { path: 'payment-methods', element: <PaymentMethodsPage /> },
              { path: 'accounts/:contractNumber/autopay', element: <AutopayPage /> },
              {
                path: 'accounts/:contractNumber',
                element: <ContractLayout />,
                children: [
                  { index: true, element: <ContractOverviewPage /> },
                  { path: 'schedule', element: <SchedulePage /> },
                  { path: 'activity', element: <ActivityPage /> },
                  { path: 'payoff', element: <PayoffPage /> },
                  { path: 'vehicle', element: <VehiclePage /> },
                  { path: 'statements', element: <StatementsPage /> },
                ],
              },
              // The support console: the API answers 404 to anyone but staff, and so do these pages.
              { path: 'staff', element: <StaffConsolePage /> },
              { path: 'staff/customers/:customerId', element: <StaffCustomerPage /> },
              { path: 'staff/audit', element: <StaffAuditPage /> },
              { path: 'staff/daily-cycle', element: <StaffDailyCyclePage /> },
              { path: 'staff/outbox', element: <StaffOutboxPage /> },
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
