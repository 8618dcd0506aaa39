/**
 * The paper's Section 3 toy example: population gradient descent on a logistic loss by quadrature, where weight
 * decay alone and normalization alone converge and both together spike forever.
 */
export { logisticPopulation, normalized, type PopulationLoss, type QuadratureOrders } from "./population.js";
export { gaussHermiteNormal, gaussLegendre, type QuadratureRule } from "./quadrature.js";
export { runToy, type ToyConfig, type ToyHistory, type ToyVariant, toyDefaults } from "./run.js";
