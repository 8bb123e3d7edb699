/**
 * English texts. Another language is another file with the same shape (`es.ts: Messages`),
 * registered in `setup.ts`. Field texts live under `<page>.fields.<field>`: `label`, `description`
 * and, where the generic wording of `validation.<kind>` is not precise enough, `errors.<problem>`.
 * A rule with no text here (the APR's ceiling, say) shows the API schema's own message, so a limit
 * changed on the server is never contradicted by a stale copy of it.
 */
export const en = {
  app: {
    name: 'Autofin',
    documentTitle: '{{page}} · Autofin',
  },
  shell: {
    skipToContent: 'Skip to content',
    homeLink: 'Autofin home',
    mainNavigation: 'Main',
    menu: 'Menu',
    nav: {
      home: 'Home',
      loanCalculator: 'Loan calculator',
      leaseCalculator: 'Lease calculator',
      signIn: 'Sign in',
      account: 'Your account',
    },
    footer: {
      about: 'Autofin — open-source auto-finance portal.',
      estimates: 'Calculator results are estimates for planning, not offers of credit or lease terms.',
      help: 'For help with your account, contact your finance company.',
    },
  },
  home: {
    title: 'Plan your car payments',
    lead: 'Work out what a car loan or lease would cost each month before you sign, and what it costs in all.',
    loan: {
      title: 'Loan calculator',
      body: 'Monthly payment, finance charge and the month-by-month schedule of a car loan.',
      link: 'Open the loan calculator',
    },
    lease: {
      title: 'Lease calculator',
      body: 'Monthly payment with sales tax, from the price, residual value and money factor.',
      link: 'Open the lease calculator',
    },
    signIn: {
      title: 'Your account',
      body: 'Customers of a finance company that runs Autofin sign in here.',
      link: 'Sign in',
    },
  },
  form: {
    errorSummaryTitle: 'There is a problem',
    errorSummaryItem: '{{label}}: {{message}}',
  },
  validation: {
    money: {
      required: 'Enter an amount in dollars, such as 25,000.00.',
      format: 'Enter an amount in dollars and cents, such as 25,000.00.',
      decimals: 'Use at most two digits for cents, such as 25,000.50.',
      tooSmall: 'Enter at least {{min}}.',
      tooBig: 'Enter no more than {{max}}.',
    },
    percent: {
      required: 'Enter a percentage, such as 6.49.',
      format: 'Enter a percentage with at most four decimals, such as 6.49.',
    },
    decimal: {
      required: 'Enter a number, such as 0.00125.',
      format: 'Enter a decimal number, such as 0.00125.',
    },
    months: {
      required: 'Enter the number of months, such as 60.',
      format: 'Enter a whole number of months, such as 60.',
      tooSmall_one: 'Enter at least {{count}} month.',
      tooSmall_other: 'Enter at least {{count}} months.',
      tooBig_one: 'Enter no more than {{count}} month.',
      tooBig_other: 'Enter no more than {{count}} months.',
    },
    text: {
      required: 'Fill in this field.',
    },
  },
  errors: {
    network: 'We could not reach the server. Check your connection and try again.',
    badResponse: 'The server sent an answer this page does not understand. Please try again later.',
    internal: 'Something went wrong on our side. Please try again; if it keeps happening, contact us.',
    reference: 'Reference: {{requestId}}',
    unexpected: 'Something went wrong in this page. Reload it and try again.',
  },
  calculator: {
    submit: 'Calculate',
    submitting: 'Calculating…',
    resultTitle: 'Your estimate',
    months: 'months',
  },
  loan: {
    title: 'Loan calculator',
    lead: 'Estimate the monthly payment and total cost of a car loan with monthly payments.',
    empty: 'Enter the amount, APR and term, then choose Calculate to see the payment and the schedule.',
    fields: {
      amountFinanced: {
        label: 'Amount financed',
        description: 'The price less your down payment and trade-in, plus any fees you finance.',
      },
      apr: {
        label: 'Annual percentage rate (APR)',
        description: 'As a percentage, such as 6.49.',
      },
      term: {
        label: 'Term',
        description: 'In months, from 1 to 96. Common terms are 36, 48, 60 and 72.',
      },
    },
    result: {
      payment: 'Monthly payment',
      paymentCount_one: '{{count}} monthly payment.',
      paymentCount_other: '{{count}} monthly payments.',
      finalNote: 'The final payment differs because it takes up the rounding of the cents.',
      finalPayment: 'Final payment',
      amountFinanced: 'Amount financed',
      financeCharge: 'Finance charge',
      totalOfPayments: 'Total of payments',
      scheduleCaption: 'Payment schedule',
      columns: {
        number: 'Month',
        payment: 'Amount',
        interest: 'Interest',
        principal: 'Principal',
        balance: 'Balance after',
      },
    },
  },
  lease: {
    title: 'Lease calculator',
    lead: 'Estimate the monthly payment of a closed-end car lease, including sales tax on each payment.',
    empty: 'Enter the lease terms, then choose Calculate to see the monthly payment and how it is made up.',
    fields: {
      grossCapCost: {
        label: 'Gross capitalized cost',
        description: 'The agreed price of the vehicle plus any fees and products you finance.',
      },
      capCostReduction: {
        label: 'Capitalized cost reduction',
        description: 'Down payment, trade-in credit and rebates. Enter 0 if there are none.',
        errors: { custom: 'The capitalized cost reduction must be less than the gross capitalized cost.' },
      },
      residualValue: {
        label: 'Residual value',
        description: 'What the vehicle is expected to be worth at the end of the lease.',
        errors: {
          custom:
            'The residual value must be less than the adjusted capitalized cost (gross capitalized cost less the reduction).',
        },
      },
      moneyFactor: {
        label: 'Money factor',
        description: 'The lease rate, such as 0.00125.',
        errors: {
          required: 'Enter the money factor, such as 0.00125.',
          format: 'Enter a money factor below 0.01 with at most seven decimals, such as 0.00125.',
        },
      },
      term: {
        label: 'Term',
        description: 'In months, from 1 to 96. Common lease terms are 24, 36 and 48.',
      },
      taxRate: {
        label: 'Sales tax rate',
        description: 'Charged on each monthly payment, as a percentage such as 6.',
      },
    },
    result: {
      payment: 'Monthly payment',
      paymentNote: 'Base payment plus sales tax.',
      basePayment: 'Base monthly payment',
      tax: 'Monthly sales tax',
      adjustedCapCost: 'Adjusted capitalized cost',
      depreciation: 'Depreciation',
      rentCharge: 'Rent charge',
      totalOfBasePayments: 'Total of base payments',
      aprEquivalent: 'APR equivalent',
      aprEquivalentNote:
        'The APR equivalent is an approximation, the money factor × 2,400. It is not an annual percentage rate as Regulation Z defines one.',
    },
  },
  signIn: {
    title: 'Sign in',
    lead: 'Sign in to your account with your User ID and password.',
    submit: 'Sign in',
    submitting: 'Signing in…',
    unavailable: 'Sign-in isn’t available yet on this server.',
    showPassword: 'Show',
    hidePassword: 'Hide',
    showPasswordLabel: 'Show password',
    hidePasswordLabel: 'Hide password',
    passwordShown: 'Your password is shown.',
    passwordHidden: 'Your password is hidden.',
    help: {
      label: 'Help signing in',
      forgotUserId: 'Forgot your User ID?',
      forgotPassword: 'Forgot your password?',
      register: 'New here? Register for online access',
    },
    notices: {
      signedOut: 'You have signed out.',
      pleaseSignIn: 'Please sign in.',
      timedOut: 'You were signed out after 15 minutes without activity.',
      sessionEnded: 'Your session has reached its time limit, so you were signed out. Please sign in again.',
      signInExpired:
        'Your sign-in timed out before it was finished. Please enter your User ID and password again.',
    },
    fields: {
      userId: {
        label: 'User ID',
        errors: { required: 'Enter your User ID.' },
      },
      password: {
        label: 'Password',
        errors: { required: 'Enter your password.' },
      },
    },
  },
  verify: {
    title: 'Check it’s you',
    submit: 'Continue',
    submitting: 'Checking…',
    totp: {
      lead: 'Enter the 6-digit code from your authenticator app.',
      switch: 'Use a recovery code instead',
    },
    recovery: {
      lead: 'Enter one of the recovery codes you saved when you set up your authenticator app. Each code works once.',
      switch: 'Use your authenticator app instead',
    },
    fields: {
      totp: {
        label: '6-digit code',
        description: 'The code changes every 30 seconds. Enter the one your app shows now.',
        errors: {
          required: 'Enter the 6-digit code from your authenticator app.',
          format: 'The code must be exactly 6 digits, such as 123456.',
        },
      },
      recovery: {
        label: 'Recovery code',
        description: '10 letters and digits, such as ABCDE-12345.',
        errors: {
          required: 'Enter one of your recovery codes.',
          format:
            'A recovery code has 10 letters and digits, with or without the hyphen, such as ABCDE-12345.',
        },
      },
    },
  },
  account: {
    title: 'Your account',
    loading: 'Loading your account…',
    retry: 'Try again',
    signedInAs: 'Signed in as {{name}}',
    userId: 'User ID',
    email: 'Email',
    idleNote: 'For your security, you are signed out after 15 minutes without activity.',
    signOut: 'Sign out',
    signingOut: 'Signing out…',
    signOutEverywhere: 'Sign out of all devices',
    signOutEverywhereNote:
      'Sign out of all devices ends your sessions on every phone and computer, this one included.',
    securityLink: 'Security settings',
  },
  sessionTimeout: {
    title: 'Your session is about to end',
    idle: 'You have not done anything for a while. For your security, you will be signed out in {{time}}.',
    absolute:
      'Your session has reached its time limit. For your security, you will be signed out in {{time}}.',
    timeLeft: '{{time}} left.',
    stay: 'Stay signed in',
    staying: 'Staying signed in…',
    close: 'Continue',
    signOut: 'Sign out',
  },
  security: {
    title: 'Security settings',
    lead: 'How you sign in, and where you are signed in.',
  },
  notFound: {
    title: 'Page not found',
    body: 'There is no page at this address. If you typed it, check it; otherwise go to the home page.',
    home: 'Go to the home page',
  },
  failure: {
    title: 'Something went wrong',
    body: 'This page could not be shown. Reload it to try again, or go to the home page.',
    home: 'Go to the home page',
  },
};

/** The shape every language file has. */
export type Messages = typeof en;
