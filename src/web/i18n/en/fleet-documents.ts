/** English texts: a business's combined statements and their delivery, and registering a business. */
export const fleetDocuments = {
  fleetDocuments: {
    statementsLink: 'Statements',
    statements: {
      title: '{{name}}: statements',
      titleLoading: 'Statements',
      loading: 'Loading the statements…',
      lead: 'Each month, on its last business day, one statement lists every contract of the business with its amount due, what is past due and its due date, with the total and one remittance coupon. Each contract’s own statement still comes too.',
      caption: 'The business’s combined statements, newest first',
      none: 'No combined statement yet. The first one is made on the last business day of the month and appears here.',
      name: 'combined statement for {{month}}',
      viewLabel: 'View the {{name}}',
      columns: {
        period: 'Month',
        pdf: 'Statement (PDF)',
        closingDate: 'Statement date',
        totalDue: 'Total due',
        pastDue: 'Of which past due',
        contracts: 'Contracts',
        delivery: 'Sent',
      },
      delivery: {
        electronic: 'By email notice to the fleet admins',
        printed: 'By mail, printed on',
        toPrint: 'By mail, in the next print run',
      },
      pdfNote:
        'Statements are PDF files: Open shows one in your browser, Download saves it. Every combined statement of the business stays here.',
    },
    statement: {
      title: 'Combined statement for {{month}}',
      titleLoading: 'Combined statement',
      loading: 'Loading the statement…',
      firstDueDate: 'First payment due',
      accountReference: 'Account reference for remittances',
      caption_one: 'The contract on this statement ({{count}})',
      caption_other: 'The contracts on this statement ({{count}})',
      vin: 'VIN …{{vin}}',
      columns: {
        contract: 'Contract',
        pastDue: 'Past due',
        amountDue: 'Amount due',
        dueDate: 'Due date',
      },
      all: 'All statements',
    },
    paperless: {
      title: 'How the statements come',
      status: {
        on: 'Paperless is on: each fleet admin gets an email when a statement is ready, and nothing is mailed.',
        off: 'Paperless is off: each statement is mailed to the business’s address on file.',
      },
      explanation:
        'The choice counts from the next statement on; statements already made stay as they were sent. Everyone who sees the business’s finances can read every statement here either way.',
      forBusiness:
        'You choose this for the business as its fleet admin; your choice is recorded with your name. It does not change how the contracts’ own statements come.',
      askAdmin: 'A fleet admin of the business chooses how the statements come.',
      turnedOn: 'Paperless is on. From the next statement, the fleet admins get an email instead of paper.',
      turnedOff: 'Paperless is off. From the next statement, the statements are mailed again.',
      on: {
        trigger: 'Go paperless',
        title: 'Send the business’s statements electronically?',
        body: 'From the next statement on, no paper statement is mailed: each fleet admin gets an email when it is ready, and reads it here.',
        confirm: 'Yes, go paperless',
        keep: 'Keep paper',
      },
      off: {
        trigger: 'Go back to paper',
        title: 'Mail the business’s statements again?',
        body: 'From the next statement on, each statement is mailed to the business’s address on file, and the fleet admins get no email about it.',
        confirm: 'Yes, mail them',
        keep: 'Keep paperless',
      },
    },
    businessRegistration: {
      title: 'Register a business',
      lead: 'Manage a business’s fleet here: prove that the business is a party to one of its contracts with details from the contract papers. We then email a 6-digit code to the business’s email address on file; with it you become the business’s fleet admin.',
      submit: 'Continue',
      submitting: 'Checking…',
      fields: {
        code: {
          label: '6-digit code',
          description: 'From the email we sent to the business’s address on file.',
          errors: { required: 'Enter the 6-digit code from the email.' },
        },
      },
      sent: {
        title: 'Check the business’s email',
        body: 'If the details match a business contract, we have sent a 6-digit code to the business’s email address on file. Enter it below within 10 minutes.',
        help: 'Nothing after a few minutes? Ask whoever reads the business’s email, and check its spam folder. If there is still nothing, check the details against the contract papers and start again.',
        again: 'Start again',
      },
      signedInLead:
        'The business is added to the login you are signed in with, and you become its fleet admin.',
      newLoginLead:
        'Choose a login for acting for the business. Its email address is the business’s address on file, where the code went; you can change it later in your profile.',
      complete: 'Register the business',
      completeNewLogin: 'Make my login and register',
      completing: 'Registering…',
      alreadyAdmin: 'You are already a fleet admin of this business.',
      haveLogin: 'Do you have a login already? Sign in, then register the business with it.',
      signIn: 'Sign in to register with your login',
      help: {
        label: 'Other options',
        consumer: 'A contract in your own name? Register for online access',
        help: 'Help',
      },
      link: 'Acting for a business? Register its fleet',
    },
  },
};
