import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createBrowserRouter } from 'react-router';
import { RouterProvider } from 'react-router/dom';
import { AppShell } from './components/app-shell.tsx';
import { AccountPage } from './pages/accounts/account.tsx';
import { ActivityPage } from './pages/accounts/contract/activity.tsx';
import { ContractLayout } from './pages/accounts/contract/contract-layout.tsx';
import { ContractOverviewPage } from './pages/accounts/contract/overview.tsx';
import { PayoffPage } from './pages/accounts/contract/payoff.tsx';
import { SchedulePage } from './pages/accounts/contract/schedule.tsx';
import { VehiclePage } from './pages/accounts/contract/vehicle.tsx';
import { ProfilePage } from './pages/accounts/profile.tsx';
import { LeaseCalculatorPage } from './pages/calculators/lease.tsx';
import { LoanCalculatorPage } from './pages/calculators/loan.tsx';
import { DocumentsPage } from './pages/documents/document-center.tsx';
import { PaperlessPage } from './pages/documents/paperless.tsx';
import { StatementsPage } from './pages/documents/statements.tsx';
import { FailurePage } from './pages/failure.tsx';
import { AccountAccessPage } from './pages/grants/account-access.tsx';
import { GrantInvitationPage } from './pages/grants/grant-invitation.tsx';
import { SharedWithMePage } from './pages/grants/shared-with-me.tsx';
import { HelpPage } from './pages/help.tsx';
import { HomePage } from './pages/home.tsx';
import { ForgotPasswordPage } from './pages/identity/forgot-password.tsx';
import { ForgotUserIdPage } from './pages/identity/forgot-user-id.tsx';
import { RegisterPage } from './pages/identity/register.tsx';
import { RegisterCompletePage } from './pages/identity/register-complete.tsx';
import { ResetPasswordPage } from './pages/identity/reset-password.tsx';
import { SecurityPage } from './pages/identity/security.tsx';
import { SetUpFactorPage } from './pages/identity/set-up-factor.tsx';
import { SignInPage } from './pages/identity/sign-in.tsx';
import { SignInVerifyPage } from './pages/identity/sign-in-verify.tsx';
import { VerifyEmailPage } from './pages/identity/verify-email.tsx';
import { NotFoundPage } from './pages/not-found.tsx';
import { BulkPaymentPage } from './pages/organizations/bulk-payment.tsx';
import { BulkPaymentListPage } from './pages/organizations/bulk-payment-list.tsx';
import { BulkPaymentReceiptPage } from './pages/organizations/bulk-payment-receipt.tsx';
import { BusinessRegistrationPage } from './pages/organizations/business-registration.tsx';
import { DriversPage } from './pages/organizations/drivers.tsx';
import { FleetPage } from './pages/organizations/fleet.tsx';
import { FleetAnalyticsPage } from './pages/organizations/fleet-analytics.tsx';
import { FleetReportsPage } from './pages/organizations/fleet-reports.tsx';
import { FleetStatementPage } from './pages/organizations/fleet-statement.tsx';
import { FleetStatementsPage } from './pages/organizations/fleet-statements.tsx';
import { InvitationPage } from './pages/organizations/invitation.tsx';
import { MembersPage } from './pages/organizations/members.tsx';
import { FleetVehiclePage } from './pages/organizations/vehicle.tsx';
import { VehicleImportPage } from './pages/organizations/vehicle-import.tsx';
import { FleetChooserPage } from './pages/organizations/your-fleets.tsx';
import { AutopayPage } from './pages/payments/autopay.tsx';
import { GuestPaymentPage } from './pages/payments/guest-payment.tsx';
import { MakePaymentPage } from './pages/payments/make-payment.tsx';
import { PaymentMethodsPage } from './pages/payments/payment-methods.tsx';
import { PaymentsPage } from './pages/payments/payments.tsx';
import { ReceiptPage } from './pages/payments/receipt.tsx';
import { StaffAuditPage } from './pages/staff/audit.tsx';
import { StaffConsolePage } from './pages/staff/console.tsx';
import { StaffCustomerPage } from './pages/staff/customer.tsx';
import { StaffDailyCyclePage } from './pages/staff/daily-cycle.tsx';
import { StaffOutboxPage } from './pages/staff/outbox.tsx';
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
          // An organization's invitation: accepted signed in, or with a new login made on the page.
          { path: 'invitation', element: <InvitationPage /> },
          // A holder's invitation to see (and pay) their account: accepted signed in, or with a new login.
          { path: 'grant-invitation', element: <GrantInvitationPage /> },
          // A business's registration: with the login signed in, or a new one made on the page.
          { path: 'business/register', element: <BusinessRegistrationPage /> },
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
                  { path: 'access', element: <AccountAccessPage /> },
                ],
              },
              { path: 'shared-with-me', element: <SharedWithMePage /> },
              // A business's fleet and its members: the API answers 404 to anyone but its members, and so do these pages.
              { path: 'fleet', element: <FleetChooserPage /> },
              { path: 'fleet/:organizationId', element: <FleetPage /> },
              { path: 'fleet/:organizationId/vehicles/:contractNumber', element: <FleetVehiclePage /> },
              { path: 'fleet/:organizationId/drivers', element: <DriversPage /> },
              { path: 'fleet/:organizationId/import', element: <VehicleImportPage /> },
              { path: 'fleet/:organizationId/members', element: <MembersPage /> },
              { path: 'fleet/:organizationId/pay', element: <BulkPaymentPage /> },
              { path: 'fleet/:organizationId/payments', element: <BulkPaymentListPage /> },
              { path: 'fleet/:organizationId/payments/:bulkPaymentId', element: <BulkPaymentReceiptPage /> },
              { path: 'fleet/:organizationId/statements', element: <FleetStatementsPage /> },
              { path: 'fleet/:organizationId/statements/:statementId', element: <FleetStatementPage /> },
              { path: 'fleet/:organizationId/analytics', element: <FleetAnalyticsPage /> },
              { path: 'fleet/:organizationId/reports', element: <FleetReportsPage /> },
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
