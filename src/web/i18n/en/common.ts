/** English texts: the frame every page shares: the shell, the home page, forms and validation, errors, help. */
export const common = {
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
      help: 'Help',
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
      tooBig: 'Use at most {{max}} characters.',
      custom:
        'Use letters, digits and punctuation only: no line breaks, control characters or invisible direction marks.',
    },
  },
  errors: {
    network: 'We could not reach the server. Check your connection and try again.',
    badResponse: 'The server sent an answer this page does not understand. Please try again later.',
    internal: 'Something went wrong on our side. Please try again; if it keeps happening, contact us.',
    reference: 'Reference: {{requestId}}',
    unexpected: 'Something went wrong in this page. Reload it and try again.',
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
  datePicker: {
    calendar: 'Choose a date from the calendar',
    previousMonth: 'Previous month',
    nextMonth: 'Next month',
  },
  help: {
    title: 'Help',
    lead: 'Answers to common questions, how to reach us, and what to do if you cannot sign in.',
    contactTitle: 'Contact us',
    contactLead: 'Call {{name}} about your account, a payoff, your title or anything else.',
    phone: 'Phone',
    hours: 'Hours',
    contactNote:
      'We will never ask for your password or a sign-in code by phone, email or text. Anyone who does is not us.',
    lockedTitle: 'Locked out?',
    lockedLead:
      'After 10 failed sign-in attempts in a row, your account locks for 24 hours. Wait and try again, reset your password (that unlocks it too), or call us at {{phone}}. Lost the phone with your authenticator app? Sign in with a recovery code, or call us.',
    links: {
      forgotUserId: 'Forgot your User ID?',
      forgotPassword: 'Forgot your password?',
      profile: 'Go to your profile',
      preferences: 'Go to your communication preferences',
      security: 'Go to security settings',
      register: 'Set up online access',
    },
    calculatorsTitle: 'Plan a loan or lease',
    calculatorsLead: 'Work out a monthly payment before you sign: the calculators are open to everyone.',
    faqTitle: 'Frequently asked questions',
    searchLabel: 'Search the questions',
    searchPlaceholder: 'For example: payoff, title, late fee',
    clearSearch: 'Clear',
    matches_one: '{{count}} of {{total}} questions matches.',
    matches_other: '{{count}} of {{total}} questions match.',
    noMatch: 'No question matches those words. Try other words, or call us at {{phone}} ({{hours}}).',
    faq: {
      payment: {
        q: 'How do I make a payment?',
        a: 'Sign in and open your account to see the amount due and the due date. To pay, call us at {{phone}} ({{hours}}), or mail a check with your account number to the address on your statement.',
      },
      dueDate: {
        q: 'When is my payment due?',
        a: 'Your account page shows the next due date and amount. Payments fall due on the same day each month; if that day is the 29th, 30th or 31st, a shorter month uses its last day.',
      },
      changeDueDate: {
        q: 'Can I change my due date?',
        a: 'Call us at {{phone}}. Whether the due date can move depends on your contract and your account being current.',
      },
      lateFee: {
        q: 'Will I be charged a late fee?',
        a: 'Only as your contract and your state allow: the contract says the fee and how many days after the due date it applies. Your account page shows any amount past due and for how many days.',
      },
      payoff: {
        q: 'How do I get a payoff quote?',
        a: 'Open your account and choose Payoff. Pick a good-through date from today up to 30 days ahead to see the payoff amount and the daily interest, and download a payoff letter to give a buyer or a dealer.',
      },
      payoffChanges: {
        q: 'Why does my payoff amount change from day to day?',
        a: 'Interest on a loan accrues every day, so the amount to pay it off grows by the daily interest (per diem) until the payment arrives. A quote is good through the date you chose.',
      },
      title: {
        q: 'When do I get my title after paying off?',
        a: 'Once the payoff has cleared, we release our lien. Depending on your state, the title is mailed to you or released electronically to your state’s motor vehicle agency. Check that your mailing address in your profile is current.',
      },
      leaseEnd: {
        q: 'What are my choices at the end of my lease?',
        a: 'You can return the vehicle, or buy it for the purchase-option price in your contract. When you return it, a disposition fee may apply, and charges for miles over your allowance and for excess wear. Your contract overview shows these figures.',
      },
      mileage: {
        q: 'How do I know if I am over my lease mileage?',
        a: 'Open your lease and choose Vehicle. Enter your odometer reading to see the miles used against your allowance to date, the projected miles at lease end, and what the excess-mileage charge would be at your contract’s rate.',
      },
      registration: {
        q: 'Who renews the registration and pays the taxes?',
        a: 'You renew the registration with your state’s motor vehicle agency, for a loan and in most states for a lease too. If you need a copy of the title or a form signed by us for the registration, call us at {{phone}}.',
      },
      address: {
        q: 'How do I change my address or phone number?',
        a: 'In your profile. We may ask you to confirm it is you first, with your password and a sign-in code, and we email you whenever your address or phone changes.',
      },
      name: {
        q: 'How do I change my name on the account?',
        a: 'Call us at {{phone}}. We ask for a document that shows the new name, such as a marriage certificate or court order.',
      },
      reminders: {
        q: 'Can I get a reminder before my payment is due?',
        a: 'Yes. In your profile’s communication preferences, choose how many days before the due date (1 to 15) and whether it comes by email or text message.',
      },
      paperless: {
        q: 'Can I stop getting paper statements?',
        a: 'Yes. In your profile, open Paperless statements: read the consent to electronic documents, open the test document to show you can read PDF files, and agree. You can go back to paper at any time on the same page.',
      },
      twoStep: {
        q: 'Why do I need a code or passkey to sign in?',
        a: 'Two-step verification keeps your account safe even if someone learns your password. Use an authenticator app, a passkey, or codes by text or email; manage them in your security settings. Keep your recovery codes somewhere safe.',
      },
      lockedOut: {
        q: 'My account is locked. What do I do?',
        a: 'After 10 failed sign-in attempts in a row, the account locks for 24 hours. Wait and try again, reset your password (that unlocks it too), or call us at {{phone}}.',
      },
      forgotUserId: {
        q: 'I forgot my User ID.',
        a: 'Ask for a reminder: we email your User ID to the address on your account.',
      },
      coBorrower: {
        q: 'Can my co-borrower or co-signer see the account?',
        a: 'Yes, with their own sign-in: each person on the contract sets up online access with their own details and User ID. Never share your password or sign-in codes.',
      },
    },
  },
};
