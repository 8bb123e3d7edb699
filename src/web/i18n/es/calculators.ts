import type { calculators as english } from '../en/calculators.ts';

/** Spanish texts: the public loan and lease calculators. */
export const calculators: typeof english = {
  calculator: {
    submit: 'Calcular',
    submitting: 'Calculando…',
    resultTitle: 'Su estimado',
    months: 'meses',
  },
  loan: {
    title: 'Calculadora de préstamo',
    lead: 'Calcule el pago mensual y el costo total de un préstamo de auto con pagos mensuales.',
    empty:
      'Ingrese el monto, la APR y el plazo, y luego elija Calcular para ver el pago y el calendario de pagos.',
    fields: {
      amountFinanced: {
        label: 'Monto financiado',
        description:
          'El precio menos su pago inicial y el valor de su auto usado como parte de pago, más los cargos que financie.',
      },
      apr: {
        label: 'Tasa de porcentaje anual (APR)',
        description: 'Como porcentaje, por ejemplo 6.49.',
      },
      term: {
        label: 'Plazo',
        description: 'En meses, de 1 a 96. Los plazos comunes son 36, 48, 60 y 72.',
      },
    },
    result: {
      payment: 'Pago mensual',
      paymentCount_one: '{{count}} pago mensual.',
      paymentCount_other: '{{count}} pagos mensuales.',
      finalNote: 'El último pago es diferente porque absorbe el redondeo de los centavos.',
      finalPayment: 'Último pago',
      amountFinanced: 'Monto financiado',
      financeCharge: 'Cargo financiero',
      totalOfPayments: 'Total de pagos',
      scheduleCaption: 'Calendario de pagos',
      columns: {
        number: 'Mes',
        payment: 'Monto',
        interest: 'Intereses',
        principal: 'Capital',
        balance: 'Saldo después del pago',
      },
    },
  },
  lease: {
    title: 'Calculadora de arrendamiento',
    lead: 'Calcule el pago mensual de un arrendamiento de auto cerrado, incluido el impuesto sobre las ventas de cada pago.',
    empty:
      'Ingrese las condiciones del arrendamiento y luego elija Calcular para ver el pago mensual y cómo se compone.',
    fields: {
      grossCapCost: {
        label: 'Costo capitalizado bruto',
        description: 'El precio acordado del vehículo más los cargos y productos que financie.',
      },
      capCostReduction: {
        label: 'Reducción del costo capitalizado',
        description:
          'Pago inicial, crédito por el auto usado como parte de pago y reembolsos. Ingrese 0 si no hay ninguno.',
        errors: {
          custom: 'La reducción del costo capitalizado debe ser menor que el costo capitalizado bruto.',
        },
      },
      residualValue: {
        label: 'Valor residual',
        description: 'Lo que se espera que valga el vehículo al final del arrendamiento.',
        errors: {
          custom:
            'El valor residual debe ser menor que el costo capitalizado ajustado (el costo capitalizado bruto menos la reducción).',
        },
      },
      moneyFactor: {
        label: 'Factor monetario',
        description: 'La tasa del arrendamiento, como 0.00125.',
        errors: {
          required: 'Ingrese el factor monetario, como 0.00125.',
          format:
            'Ingrese un factor monetario menor que 0.01 con un máximo de siete decimales, como 0.00125.',
        },
      },
      term: {
        label: 'Plazo',
        description: 'En meses, de 1 a 96. Los plazos de arrendamiento comunes son 24, 36 y 48.',
      },
      taxRate: {
        label: 'Tasa del impuesto sobre las ventas',
        description: 'Se cobra en cada pago mensual, como porcentaje, por ejemplo 6.',
      },
    },
    result: {
      payment: 'Pago mensual',
      paymentNote: 'Pago base más impuesto sobre las ventas.',
      basePayment: 'Pago mensual base',
      tax: 'Impuesto mensual sobre las ventas',
      adjustedCapCost: 'Costo capitalizado ajustado',
      depreciation: 'Depreciación',
      rentCharge: 'Cargo de renta',
      totalOfBasePayments: 'Total de pagos base',
      aprEquivalent: 'APR equivalente',
      aprEquivalentNote:
        'La APR equivalente es una aproximación: el factor monetario × 2,400. No es una tasa de porcentaje anual según la define el Reglamento Z.',
    },
  },
};
