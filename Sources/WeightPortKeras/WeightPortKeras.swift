import CHDF5
import WeightPortFormat
