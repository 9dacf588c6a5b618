"""Name parts for a synthetic Malaysian population (common names, no real people)."""

from __future__ import annotations

MALAY_MALE = [
    "Ahmad", "Muhammad", "Mohd", "Abdul", "Ismail", "Hafiz", "Amir", "Faizal", "Azman", "Hakim",
    "Firdaus", "Khairul", "Rizal", "Syafiq", "Zulkifli", "Aiman", "Danial", "Haziq", "Iskandar",
    "Nazri", "Razak", "Shahrul", "Yusof", "Zainal", "Hamzah", "Ariff", "Irfan", "Luqman",
]
MALAY_FEMALE = [
    "Nur", "Siti", "Nurul", "Aisyah", "Fatimah", "Aminah", "Farah", "Hafizah", "Izzati", "Liyana",
    "Nabila", "Norazlina", "Rohani", "Salmah", "Sharifah", "Zarina", "Aina", "Balqis", "Damia",
    "Hidayah", "Khadijah", "Maisarah", "Nadia", "Puteri", "Sofea", "Wan", "Yasmin", "Zulaikha",
]
CHINESE_SURNAMES = [
    "Tan", "Lim", "Lee", "Ng", "Wong", "Chan", "Ong", "Teh", "Goh", "Chong", "Yap", "Low", "Chin",
    "Koh", "Liew", "Foo", "Khoo", "Loh", "Ooi", "Cheah", "Leong", "Yeoh", "Ho", "Choo",
]
CHINESE_GIVEN = [
    "Wei", "Ming", "Jun", "Hui", "Mei", "Ling", "Kok", "Seng", "Chee", "Kiat", "Siew", "Yee",
    "Hock", "Beng", "Swee", "Li", "Xin", "Yi", "Jia", "Hao", "Zhi", "Kai", "Shu", "Wen", "Pei",
]
INDIAN_MALE = [
    "Rajesh", "Suresh", "Kumar", "Ganesh", "Arun", "Vijay", "Ravi", "Muthu", "Siva", "Prakash",
    "Karthik", "Dinesh", "Mohan", "Selvam", "Anand", "Bala", "Devan", "Guna",
]
INDIAN_FEMALE = [
    "Priya", "Kavitha", "Lakshmi", "Devi", "Shanti", "Malar", "Revathi", "Anita", "Sangeetha",
    "Meena", "Vani", "Kalai", "Thilaga", "Uma", "Geetha", "Sarasvathy",
]
OTHER_MALE = [
    "Johnny", "Albert", "Jimmy", "Benedict", "Francis", "Roland", "Stanley", "Justin", "Gabriel",
    "Jonathan", "Peter", "Dominic",
]
OTHER_FEMALE = [
    "Mary", "Grace", "Jenny", "Agnes", "Rosalind", "Veronica", "Christina", "Juliana", "Esther",
    "Angela", "Cecilia", "Florence",
]
OTHER_SURNAMES = [
    "Gunsalam", "Anak Jugah", "Majimbun", "Lajim", "Sintang", "Anak Nyipa", "Ginsos", "Mojuntin",
    "Anak Empeni", "Kitingan", "Linggi", "Ambrose",
]
# Approximate shares of Malaysia's population (DOSM): Malay, other Bumiputera, Chinese,
# Indian, others.
ETHNIC_SHARES = (("malay", 0.575), ("other", 0.13), ("chinese", 0.225), ("indian", 0.07))
