/**
 * New-vehicle warranties by make: THE ONE PLACE TO CHANGE when a maker changes its warranty or a make
 * is added. Figures are as published by each maker for new vehicles sold in the US (current model
 * years); each coverage ends at its years from the in-service date or its miles on the odometer,
 * whichever comes first. A make that is not listed has no known warranty: the portal says to ask the
 * dealer rather than guess.
 *
 * Checked on 2026-12-02 against secondary sources only (engineerfix.com, "What car brand has the best
 * warranty"; us.ok.com, "How long is a car warranty"): the 3-year/36,000-mile basic and
 * 5-year/60,000-mile powertrain baseline of Toyota, Honda and Ford, and Hyundai's and Kia's
 * 10-year/100,000-mile original-owner powertrain. A lender boarding real vehicles should confirm each
 * line against the maker's own warranty booklet for the model year.
 *
 * Covers the makes of the demo data (World Manufacturer Identifiers 1HG, 4T1, 1FT, WBA, 5YJ, 1GC)
 * and other makes US lenders commonly finance.
 */
export type Coverage = { years: number; miles: number };
export type MakeWarranty = { basic: Coverage; powertrain: Coverage };

export const WARRANTY_TERMS: Readonly<Record<string, MakeWarranty>> = {
  Honda: { basic: { years: 3, miles: 36_000 }, powertrain: { years: 5, miles: 60_000 } },
  Toyota: { basic: { years: 3, miles: 36_000 }, powertrain: { years: 5, miles: 60_000 } },
  Ford: { basic: { years: 3, miles: 36_000 }, powertrain: { years: 5, miles: 60_000 } },
  Chevrolet: { basic: { years: 3, miles: 36_000 }, powertrain: { years: 5, miles: 60_000 } },
  GMC: { basic: { years: 3, miles: 36_000 }, powertrain: { years: 5, miles: 60_000 } },
  Nissan: { basic: { years: 3, miles: 36_000 }, powertrain: { years: 5, miles: 60_000 } },
  Subaru: { basic: { years: 3, miles: 36_000 }, powertrain: { years: 5, miles: 60_000 } },
  // BMW's New Vehicle Limited Warranty covers the powertrain for the same 4 years / 50,000 miles.
  BMW: { basic: { years: 4, miles: 50_000 }, powertrain: { years: 4, miles: 50_000 } },
  // Tesla: Basic Vehicle Limited Warranty; the powertrain is its Battery and Drive Unit warranty,
  // 8 years / 100,000 miles for the standard-range Model 3 and Model Y (Long Range: 120,000 miles).
  // The lower figure is shown so the portal never promises coverage a model lacks.
  Tesla: { basic: { years: 4, miles: 50_000 }, powertrain: { years: 8, miles: 100_000 } },
  // Hyundai and Kia: the 10-year powertrain coverage is the original owner's.
  Hyundai: { basic: { years: 5, miles: 60_000 }, powertrain: { years: 10, miles: 100_000 } },
  Kia: { basic: { years: 5, miles: 60_000 }, powertrain: { years: 10, miles: 100_000 } },
};
