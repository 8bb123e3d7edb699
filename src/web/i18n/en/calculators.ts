/** English texts: the public loan and lease calculators. */
export const calculators = {
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
};
