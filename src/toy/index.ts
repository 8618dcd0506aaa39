export { logisticPopulation, normalized, type PopulationLoss, type QuadratureOrders } from "./population.js";
export { gaussHermiteNormal, gaussLegendre, type QuadratureRule } from "./quadrature.js";
export { runToy, type ToyConfig, type ToyHistory, type ToyVariant, toyDefaults } from "./run.js";
