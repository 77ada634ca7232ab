//! The ids under which budget results join the evaluation, one indicator each (defined in the shipped `budget` library).
//!
//! Amounts are in the budget's currency; `-real` amounts in prices of the base year;
//! percentages in percent. Disaggregations (`Department`, `Programme`, `Right`, `SDG`,
//! `SDG target`, `Economic class`, `Gender marker`) are listed in the `budget` module docs.

/// Approved (original) budget.
pub(crate) const APPROVED: &str = "budget-approved";
/// Revised (final) budget.
pub(crate) const REVISED: &str = "budget-revised";
/// Executed budget (spending).
pub(crate) const EXECUTED: &str = "budget-executed";
/// Approved budget in real terms.
pub(crate) const APPROVED_REAL: &str = "budget-approved-real";
/// Spending in real terms.
pub(crate) const EXECUTED_REAL: &str = "budget-executed-real";
/// Spending per inhabitant, nominal.
pub(crate) const EXECUTED_PER_HEAD: &str = "budget-executed-per-head";
/// Approved budget per inhabitant in real terms (the allocation retrogression is judged on).
pub(crate) const APPROVED_REAL_PER_HEAD: &str = "budget-approved-real-per-head";
/// Spending per inhabitant in real terms.
pub(crate) const EXECUTED_REAL_PER_HEAD: &str = "budget-executed-real-per-head";
/// Real change of the approved budget on the year before, in percent.
pub(crate) const APPROVED_REAL_CHANGE: &str = "budget-approved-real-change";
/// Real change of spending on the year before, in percent.
pub(crate) const EXECUTED_REAL_CHANGE: &str = "budget-executed-real-change";
/// Share of the approved budget, in percent (headline: lines serving at least one right).
pub(crate) const APPROVED_SHARE: &str = "budget-approved-share";
/// Share of spending, in percent (headline: lines serving at least one right).
pub(crate) const EXECUTED_SHARE: &str = "budget-executed-share";
/// Share of spending with gender equality as a significant or principal objective, in percent.
pub(crate) const GENDER_SHARE: &str = "budget-gender-share";
/// Executed / approved, in percent.
pub(crate) const EXECUTION_RATE: &str = "budget-execution-rate";
/// Executed / revised, in percent.
pub(crate) const EXECUTION_RATE_REVISED: &str = "budget-execution-rate-revised";
/// Unspent allocation: revised minus executed (approved minus executed without revised amounts).
pub(crate) const UNSPENT: &str = "budget-unspent";
/// PEFA PI-1 aggregate expenditure outturn, in percent.
pub(crate) const PEFA_PI1: &str = "budget-pefa-pi-1";
/// PEFA PI-2.1 expenditure composition variance by department, in percent.
pub(crate) const PEFA_PI2_1: &str = "budget-pefa-pi-2-1";
/// PEFA PI-2.2 expenditure composition variance by economic class, in percent.
pub(crate) const PEFA_PI2_2: &str = "budget-pefa-pi-2-2";
/// PEFA PI-3.1 aggregate revenue outturn, in percent.
pub(crate) const PEFA_PI3_1: &str = "budget-pefa-pi-3-1";
/// PEFA PI-3.2 revenue composition variance, in percent.
pub(crate) const PEFA_PI3_2: &str = "budget-pefa-pi-3-2";
/// Own revenue per inhabitant (actual), nominal.
pub(crate) const OWN_REVENUE_PER_HEAD: &str = "budget-own-revenue-per-head";
/// Own revenue as a share of all revenue (actual), in percent.
pub(crate) const OWN_REVENUE_SHARE: &str = "budget-own-revenue-share";
/// Spending on rights as a share of own revenue (actual), in percent.
pub(crate) const RIGHTS_SHARE_OF_OWN_REVENUE: &str = "budget-rights-share-of-own-revenue";
/// Number of rights whose real allocation per head fell on the year before.
pub(crate) const RETROGRESSIONS: &str = "budget-retrogressions";
/// Number of such falls without a recorded justification.
pub(crate) const RETROGRESSIONS_UNJUSTIFIED: &str = "budget-retrogressions-unjustified";

/// Every budget indicator id, sorted.
pub(crate) const ALL: [&str; 26] = [
    APPROVED,
    APPROVED_REAL,
    APPROVED_REAL_CHANGE,
    APPROVED_REAL_PER_HEAD,
    APPROVED_SHARE,
    EXECUTED,
    EXECUTED_PER_HEAD,
    EXECUTED_REAL,
    EXECUTED_REAL_CHANGE,
    EXECUTED_REAL_PER_HEAD,
    EXECUTED_SHARE,
    EXECUTION_RATE,
    EXECUTION_RATE_REVISED,
    GENDER_SHARE,
    OWN_REVENUE_PER_HEAD,
    OWN_REVENUE_SHARE,
    PEFA_PI1,
    PEFA_PI2_1,
    PEFA_PI2_2,
    PEFA_PI3_1,
    PEFA_PI3_2,
    RETROGRESSIONS,
    RETROGRESSIONS_UNJUSTIFIED,
    REVISED,
    RIGHTS_SHARE_OF_OWN_REVENUE,
    UNSPENT,
];

#[cfg(test)]
mod tests {
    #[test]
    fn ids_are_sorted_and_unique() {
        let mut sorted = super::ALL.to_vec();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted, super::ALL.to_vec());
    }
}
