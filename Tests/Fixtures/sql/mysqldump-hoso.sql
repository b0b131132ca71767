-- MySQL dump 10.13  Distrib 8.0.36, for Linux (x86_64)
--
-- Host: localhost    Database: motcua_hagiang
-- ------------------------------------------------------
-- Server version	8.0.36

/*!40101 SET @OLD_CHARACTER_SET_CLIENT=@@CHARACTER_SET_CLIENT */;
/*!40101 SET @OLD_CHARACTER_SET_RESULTS=@@CHARACTER_SET_RESULTS */;
/*!50503 SET NAMES utf8mb4 */;
/*!40103 SET @OLD_TIME_ZONE=@@TIME_ZONE */;
/*!40103 SET TIME_ZONE='+00:00' */;
/*!40014 SET @OLD_UNIQUE_CHECKS=@@UNIQUE_CHECKS, UNIQUE_CHECKS=0 */;
/*!40101 SET @OLD_SQL_MODE=@@SQL_MODE, SQL_MODE='NO_AUTO_VALUE_ON_ZERO' */;

--
-- Table structure for table `can_bo`
--

DROP TABLE IF EXISTS `can_bo`;
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!50503 SET character_set_client = utf8mb4 */;
CREATE TABLE `can_bo` (
  `id` int NOT NULL AUTO_INCREMENT,
  `ho_ten` varchar(100) NOT NULL COMMENT 'họ tên; đầy đủ',
  PRIMARY KEY (`id`)
) ENGINE=InnoDB AUTO_INCREMENT=3 DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_0900_ai_ci;
/*!40101 SET character_set_client = @saved_cs_client */;

--
-- Dumping data for table `can_bo`
--

LOCK TABLES `can_bo` WRITE;
/*!40000 ALTER TABLE `can_bo` DISABLE KEYS */;
INSERT INTO `can_bo` VALUES (1,'Hoàng Thị Lan'),(2,'INSERT INTO `ho_so` VALUES (99,\'giả\');\n');
/*!40000 ALTER TABLE `can_bo` ENABLE KEYS */;
UNLOCK TABLES;

--
-- Table structure for table `ho_so`
--

DROP TABLE IF EXISTS `ho_so`;
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!50503 SET character_set_client = utf8mb4 */;
CREATE TABLE `ho_so` (
  `id` int NOT NULL AUTO_INCREMENT,
  `ma_ho_so` varchar(30) NOT NULL,
  `ho_ten` varchar(200) DEFAULT NULL,
  `dia_chi` text COMMENT 'địa chỉ (thôn, xã)',
  `ngay_nop` date DEFAULT NULL,
  `le_phi` decimal(12,2) DEFAULT NULL,
  `tep_dinh_kem` blob,
  PRIMARY KEY (`id`),
  UNIQUE KEY `uq_ma_ho_so` (`ma_ho_so`),
  KEY `idx_ngay_nop` (`ngay_nop`),
  CONSTRAINT `fk_ho_so_can_bo` FOREIGN KEY (`id`) REFERENCES `can_bo` (`id`)
) ENGINE=InnoDB AUTO_INCREMENT=5 DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_0900_ai_ci;
/*!40101 SET character_set_client = @saved_cs_client */;

--
-- Dumping data for table `ho_so`
--

LOCK TABLES `ho_so` WRITE;
/*!40000 ALTER TABLE `ho_so` DISABLE KEYS */;
INSERT INTO `ho_so` VALUES (1,'HS-2024-001','Nguyễn Văn An','Số 5, đường Trần Phú\nPhường Minh Khai','2024-03-05',15000.00,_binary '\0\0PK\Z'),(2,'HS-2024-002','Trần Thị \'Bình\'','Thôn \"Nà Sài\", xã Tùng Bá\\Vị Xuyên',NULL,NULL,NULL),(3,'HS-2024-003','Lê Văn Cường','100\% xong; mã a\_b\tc\r\bd','2024-03-07',-1.5e3,0xCAFE);
INSERT INTO `ho_so` VALUES (4,'HS-2024-004','Phạm Thị Dung','It''s ''quoted''',"2024-03-08",0.00,NULL);
/*!40000 ALTER TABLE `ho_so` ENABLE KEYS */;
UNLOCK TABLES;

--
-- Dumping routines for database 'motcua_hagiang'
--
/*!50003 DROP PROCEDURE IF EXISTS `nhap_ho_so` */;
/*!50003 SET @saved_cs_client      = @@character_set_client */ ;
DELIMITER ;;
CREATE DEFINER=`root`@`localhost` PROCEDURE `nhap_ho_so`(IN ma varchar(30))
BEGIN
  SET @dem = 0;
  INSERT INTO `ho_so` VALUES (100,ma,'giả','giả',NULL,NULL,NULL);
  # ghi chú; không phải câu lệnh
END ;;
DELIMITER ;
/*!50003 SET character_set_client  = @saved_cs_client */ ;
/*!40103 SET TIME_ZONE=@OLD_TIME_ZONE */;

-- Dump completed on 2024-03-05  8:30:00
